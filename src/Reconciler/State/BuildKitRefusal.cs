using Composer.Model;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;

namespace Composer.Reconciler.State;

/// <summary>
/// Composer builds through the engine's POST /build, with BuildKit (spoken over the engine's session) or the classic
/// builder. Build keys that request cannot carry on this engine (named contexts, cache exporters other than inline,
/// entitlements, privileged builds, attestations, several platforms; see <see cref="BuildKeyLimits"/>) would leave the
/// image built without them, so every verb that builds refuses them instead, once the builds are planned and before any
/// starts, naming the service, the key, where it was written and why the engine cannot. `config` still prints them.
/// </summary>
public static class BuildKitRefusal
{
    public static void Refuse(Project project, Plan plan, BuildOptions? options = null)
    {
        var lines = new List<string>();
        foreach (var name in plan.Operations.Where(o => o.Kind == OperationKind.BuildImage).Select(o => o.Service).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            if (project.Services.GetValueOrDefault(name)?.Build is not { } build) continue;
            var buildKit = ImageBuilder.UsesBuildKit(build, options ?? new BuildOptions());
            lines.AddRange(BuildKeyLimits.Refusals(build, buildKit).OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => $"{Unrunnable.At(build.Positions.GetValueOrDefault(r.Key))}service '{name}': build.{r.Key} {r.Reason}"));
        }
        if (lines.Count > 0) throw new BuildKitRequiredException(string.Join("\n", lines));
    }
}

/// <summary>A build uses keys this engine's builders cannot carry: nothing was built.</summary>
public sealed class BuildKitRequiredException(string message) : Exception(message);
