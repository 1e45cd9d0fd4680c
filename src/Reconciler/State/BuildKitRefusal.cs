using Composer.Model;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;

namespace Composer.Reconciler.State;

/// <summary>
/// Composer builds through the engine's POST /build, with BuildKit (spoken over the engine's session) or the classic
/// builder. Build keys that request cannot carry (secrets, ssh, named contexts, cache exporters other than inline,
/// entitlements, privileged builds, attestations, several platforms) would leave the image built without them, so every
/// verb that builds refuses them instead, once the builds are planned and before any starts, naming the service, the key,
/// where it was written and why the engine cannot. `config` still prints them.
/// </summary>
public static class BuildKitRefusal
{
    /// <summary>The BuildKit-only keys, each with what a build without it would lose.</summary>
    private static readonly (string Key, Func<BuildConfig, bool> Set, string Lost)[] Keys =
    [
        ("secrets", b => !b.Secrets.IsEmpty, "the build secrets"),
        ("ssh", b => !b.Ssh.IsEmpty, "the ssh agent or keys"),
    ];

    public static void Refuse(Project project, Plan plan, BuildOptions? options = null)
    {
        var lines = new List<string>();
        foreach (var name in plan.Operations.Where(o => o.Kind == OperationKind.BuildImage).Select(o => o.Service).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            if (project.Services.GetValueOrDefault(name)?.Build is not { } build) continue;
            var service = new List<(string Key, string Line)>();
            foreach (var (key, set, lost) in Keys)
                if (set(build))
                    service.Add((key, $"{Unrunnable.At(build.Positions.GetValueOrDefault(key))}service '{name}': build.{key} is not carried by composer's builds yet "
                        + $"(the image would be built without {lost}). Remove it, or build this image with docker buildx"));
            var buildKit = ImageBuilder.UsesBuildKit(build, options ?? new BuildOptions());
            foreach (var (key, reason) in BuildKeyLimits.Refusals(build, buildKit))
                service.Add((key, $"{Unrunnable.At(build.Positions.GetValueOrDefault(key))}service '{name}': build.{key} {reason}"));
            lines.AddRange(service.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Line));
        }
        if (lines.Count > 0) throw new BuildKitRequiredException(string.Join("\n", lines));
    }

}

/// <summary>A build uses keys only BuildKit understands: nothing was built.</summary>
public sealed class BuildKitRequiredException(string message) : Exception(message);
