using Composer.Model;
using Composer.Engine;
using Composer.Reconciler;

namespace Composer.Orchestrator.Application;

/// <summary>`volumes [SERVICE...]`: the project's volumes, or only those the named services' running containers mount.</summary>
internal sealed record VolumesRequest(IReadOnlyList<string> Services);

internal sealed partial class ComposeService
{
    /// <summary>The volumes, found by the project's label and sorted by name, as `docker compose volumes` lists them, for the verb to format.</summary>
    public async Task<List<VolumeSummary>> VolumesAsync(ProjectTarget target, VolumesRequest request, CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        var volumes = (await Engine.ListVolumesAsync([$"{ComposeLabels.Project}={target.Name}"], cancellationToken).ConfigureAwait(false))
            .OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        if (selected.Length == 0) return volumes;
        // As compose: what the services' running containers mount.
        var containers = await ProjectContainers.ListAsync(Engine, target.Name, selected, all: false, cancellationToken, includeOneOff: true).ConfigureAwait(false);
        var mounted = containers.SelectMany(c => c.Mounts ?? []).Select(m => m.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. volumes.Where(v => mounted.Contains(v.Name))];
    }
}
