using Composer.Model;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;

namespace Composer.Reconciler.State;

/// <summary>
/// What the engine's POST /build (the API composer builds through, with either builder) can do with the BuildKit keys of
/// compose, checked against moby's builder-next (v20.10) and tried on a 20.10.24 engine:
/// - the request has no frontend attributes of its own, so no named contexts (nor does 20.10's built-in Dockerfile
///   frontend, BuildKit 0.8, know them);
/// - cache export is inline only (the BUILDKIT_INLINE_CACHE build argument), and only BuildKit writes it;
/// - the only entitlement it asks for is network.host, for a build whose network is host;
/// - one platform per build (one image per tag in the engine's store), no attestations.
/// Everything else is refused with the reason, once the builds are planned and before any starts, by every verb that builds,
/// naming the service, the key and where it was written. `config` still prints these keys.
/// </summary>
public static class BuildKeyLimits
{
    /// <summary>Refuses the planned builds' keys the engine cannot honour, all of them in one message; nothing is built.</summary>
    public static void Refuse(Project project, Plan plan, BuildOptions options)
    {
        var lines = new List<string>();
        foreach (var name in plan.Operations.Where(o => o.Kind == OperationKind.BuildImage).Select(o => o.Service).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            if (project.Services.GetValueOrDefault(name)?.Build is not { } build) continue;
            lines.AddRange(Refusals(build, ImageBuilder.UsesBuildKit(build, options)).OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => $"{Unrunnable.At(build.Positions.GetValueOrDefault(r.Key))}service '{name}': build.{r.Key} {r.Reason}"));
        }
        if (lines.Count > 0) throw new UnbuildableKeysException(string.Join("\n", lines));
    }

    private const string Frontend20 = "Docker 20.10's built-in Dockerfile frontend (BuildKit 0.8)";
    private const string ClassicChosen = "the classic builder (chosen by DOCKER_BUILDKIT=0, `build -m` or build.ulimits)";

    /// <summary>Each key of <paramref name="build"/> the engine cannot honour, with why (the text after "build.KEY").</summary>
    /// <param name="buildKit">Whether this build goes to BuildKit (false: the classic builder).</param>
    public static IEnumerable<(string Key, string Reason)> Refusals(BuildConfig build, bool buildKit)
    {
        // Secrets and ssh agents are served by BuildKit's session, which the classic builder has not.
        if (!buildKit && !build.Secrets.IsEmpty)
            yield return ("secrets", $"needs BuildKit's session, which {ClassicChosen} does not have: the image would be built without its secrets");
        if (!buildKit && !build.Ssh.IsEmpty)
            yield return ("ssh", $"needs BuildKit's session, which {ClassicChosen} does not have: the image would be built without the ssh agent");

        if (!build.AdditionalContexts.IsEmpty)
            yield return ("additional_contexts", "cannot be carried: the engine's POST /build, which composer builds through, has no way to pass named contexts, "
                + $"and {Frontend20} has none (they came with Dockerfile syntax 1.4). Remove it, or build this image with docker buildx");

        foreach (var entry in build.CacheTo)
        {
            var type = CacheType(entry);
            if (type != "inline")
                yield return ("cache_to", $"'{entry}' cannot be carried: the {type} cache exporter is not reachable through the engine's POST /build, "
                    + "which exports build cache only inline, into the image (type=inline). Remove it, or build this image with docker buildx");
            else if (!buildKit)
                yield return ("cache_to", $"'{entry}' cannot be carried by {ClassicChosen}: only BuildKit writes an inline cache");
        }

        foreach (var entitlement in build.Entitlements)
        {
            if (entitlement == "network.host" && build.Network == "host") continue; // the engine grants it to a host-network build
            yield return ("entitlements", entitlement switch
            {
                "network.host" => "network.host cannot be carried: the engine's POST /build grants network.host only to a build whose network is host "
                    + $"(build.network: host, which puts every RUN on the host's network), and {Frontend20} has no RUN --network",
                "security.insecure" => "security.insecure cannot be carried: the engine's POST /build has no way to ask for it, "
                    + $"and {Frontend20} has no RUN --security=insecure",
                _ => $"'{entitlement}' cannot be carried: the only entitlement the engine's POST /build asks for is network.host, for a build whose network is host",
            });
        }

        if (build.Privileged)
            yield return ("privileged", "cannot be carried: a privileged build asks for the security.insecure entitlement, which the engine's POST /build has no way "
                + $"to ask for, and {Frontend20} has no RUN --security=insecure. Remove it, or build this image with docker buildx");

        if (build.Platforms.Length > 1)
            yield return ("platforms", $"names {build.Platforms.Length} platforms ({string.Join(", ", build.Platforms)}): the engine's POST /build builds one, and its "
                + "image store keeps one platform per tag. Keep one platform (or build the others with docker buildx)");

        foreach (var (key, value) in new[] { ("provenance", build.Provenance), ("sbom", build.Sbom) })
            if (value is not null && !value.Equals("false", StringComparison.OrdinalIgnoreCase))
                yield return (key, "cannot be carried: attestations need BuildKit 0.11 or newer driven by docker buildx; the engine's POST /build "
                    + "cannot ask for them (Docker 20.10's BuildKit is 0.8). Set it to false, or remove it");
    }

    /// <summary>Whether the build exports its cache inline, which the engine does when the build argument BUILDKIT_INLINE_CACHE is true.</summary>
    public static bool WantsInlineCache(BuildConfig build) => build.CacheTo.Any(e => CacheType(e) == "inline");

    /// <summary>"type=inline", "type=registry,ref=x" -> the type; a bare reference is a registry cache, as buildx reads it.</summary>
    internal static string CacheType(string entry)
    {
        if (!entry.Contains('=')) return "registry";
        var type = entry.Split(',').Select(f => f.Trim()).FirstOrDefault(f => f.StartsWith("type=", StringComparison.OrdinalIgnoreCase));
        return type is null ? "registry" : type["type=".Length..].Trim().ToLowerInvariant();
    }
}

/// <summary>A planned build uses keys the engine's builders cannot carry: nothing was built.</summary>
public sealed class UnbuildableKeysException(string message) : Exception(message);
