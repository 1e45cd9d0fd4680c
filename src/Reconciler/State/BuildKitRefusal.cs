using Composer.Model;
using Composer.Reconciler.Planning;

namespace Composer.Reconciler.State;

/// <summary>
/// Composer builds with BuildKit (spoken over the engine's session) or the classic builder; neither path carries
/// these keys yet (secrets, ssh, additional contexts, cache export, entitlements, privileged builds, attestations,
/// several platforms), so the image would be built without them. Every verb that builds
/// refuses them instead, once the builds are planned and before any starts, naming the service, the key and
/// where it was written. `config` still prints them.
/// </summary>
public static class BuildKitRefusal
{
    /// <summary>The BuildKit-only keys, each with what a build without it would lose.</summary>
    private static readonly (string Key, Func<BuildConfig, bool> Set, string Lost)[] Keys =
    [
        ("additional_contexts", b => !b.AdditionalContexts.IsEmpty, "named build contexts"),
        ("cache_to", b => !b.CacheTo.IsEmpty, "the cache export"),
        ("entitlements", b => !b.Entitlements.IsEmpty, "the extra privileges granted"),
        ("platforms", b => b.Platforms.Length > 1, "all but one platform"),
        ("privileged", b => b.Privileged, "the privileged build"),
        ("provenance", b => b.Provenance is not null, "the provenance attestation"),
        ("sbom", b => b.Sbom is not null, "the SBOM attestation"),
    ];

    public static void Refuse(Project project, Plan plan)
    {
        var lines = new List<string>();
        foreach (var name in plan.Operations.Where(o => o.Kind == OperationKind.BuildImage).Select(o => o.Service).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            if (project.Services.GetValueOrDefault(name)?.Build is not { } build) continue;
            foreach (var (key, set, lost) in Keys)
                if (set(build))
                    lines.Add($"{ProviderRefusal.Where(build.Positions.GetValueOrDefault(key))}service '{name}': build.{key} is not carried by composer's builds yet "
                        + $"(the image would be built without {lost}). Remove it, or build this image with docker buildx");
        }
        if (lines.Count > 0) throw new BuildKitRequiredException(string.Join("\n", lines));
    }
}

/// <summary>A build uses keys only BuildKit understands: nothing was built.</summary>
public sealed class BuildKitRequiredException(string message) : Exception(message);
