using Composer.Engine;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Containers;

/// <summary>
/// A recreated container mounts its predecessor's anonymous volumes, as docker compose does: a
/// service's `volumes: [/data]` keeps its data across a config change, and so does an image's
/// VOLUME. A target the new config mounts from elsewhere (a bind, a named volume) takes that instead.
/// </summary>
public static class AnonymousVolumeCarry
{
    public static void Apply(ContainerCreateRequest request, IReadOnlyCollection<AnonymousVolume> inherited)
    {
        if (inherited.Count == 0) return;
        var host = request.HostConfig ??= new HostConfig();
        host.Mounts ??= [];
        var bound = (host.Binds ?? []).Select(BindTarget).ToHashSet(StringComparer.Ordinal);
        foreach (var volume in inherited)
        {
            if (bound.Contains(volume.Target)) continue;
            var declared = host.Mounts.FirstOrDefault(m => m.Target == volume.Target);
            if (declared is null) host.Mounts.Add(new Mount { Type = "volume", Source = volume.Name, Target = volume.Target });
            else if (declared is { Type: "volume", Source: null }) declared.Source = volume.Name;
        }
    }

    /// <summary>The container path of a `source:target[:mode]` bind.</summary>
    private static string BindTarget(string bind) => bind.Split(':') is [_, var target, ..] ? target : bind;
}
