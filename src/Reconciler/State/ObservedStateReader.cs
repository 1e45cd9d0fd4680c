using System.Collections.Immutable;
using System.Globalization;
using Composer.Engine;

namespace Composer.Reconciler.State;

/// <summary>One snapshot of a project's containers, networks and volumes, found by the Compose labels.</summary>
public sealed class ObservedStateReader(IEngineClient engine)
{
    public async Task<ObservedState> ReadAsync(string project, IEnumerable<string> images, CancellationToken cancellationToken)
    {
        var filter = $"{Labels.Project}={project}";
        var containersTask = engine.ListContainersAsync(all: true, labelFilters: [filter], cancellationToken);
        var networksTask = engine.ListNetworksAsync(labelFilters: [filter], cancellationToken);
        var volumesTask = engine.ListVolumesAsync(labelFilters: [filter], cancellationToken);
        var imageIds = await ImageIdsAsync(images, cancellationToken).ConfigureAwait(false);

        var containers = (await containersTask.ConfigureAwait(false)).Select(ToObserved).OfType<ObservedContainer>().ToImmutableArray();
        var networks = (await networksTask.ConfigureAwait(false)).Select(n => n.Name).ToImmutableHashSet(StringComparer.Ordinal);
        var volumes = (await volumesTask.ConfigureAwait(false)).Select(v => v.Name).ToImmutableHashSet(StringComparer.Ordinal);
        return new ObservedState(containers, networks, volumes, imageIds);
    }

    private async Task<ImmutableDictionary<string, string>> ImageIdsAsync(IEnumerable<string> images, CancellationToken cancellationToken)
    {
        var lookups = images.Distinct().Select(async image =>
        {
            try { return (image, id: (await engine.InspectImageAsync(image, cancellationToken).ConfigureAwait(false)).Id); }
            catch (EngineNotFoundException) { return (image, id: (string?)null); }
        });
        var found = await Task.WhenAll(lookups).ConfigureAwait(false);
        return found.Where(f => f.id is not null).ToImmutableDictionary(f => f.image, f => f.id!);
    }

    private static ObservedContainer? ToObserved(ContainerSummary summary)
    {
        var labels = summary.Labels ?? new Dictionary<string, string>();
        if (!labels.TryGetValue(Labels.Service, out var service)) return null;
        _ = int.TryParse(labels.GetValueOrDefault(Labels.ContainerNumber), NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        return new ObservedContainer(
            summary.Id,
            (summary.Names?.FirstOrDefault() ?? summary.Id).TrimStart('/'),
            service,
            number,
            labels.GetValueOrDefault(Labels.OneOff) == Labels.True,
            labels.GetValueOrDefault(Labels.ConfigHash) ?? "",
            summary.ImageID ?? "",
            Status(summary.State))
        {
            AnonymousVolumes = [.. (summary.Mounts ?? [])
                .Where(m => m.Type == "volume" && AnonymousVolume.IsAnonymousName(m.Name) && m.Destination is { Length: > 0 })
                .Select(m => new AnonymousVolume(m.Destination!, m.Name!))],
        };
    }

    private static ContainerStatus Status(string? state) => state switch
    {
        "running" => ContainerStatus.Running,
        "paused" => ContainerStatus.Paused,
        "restarting" => ContainerStatus.Restarting,
        "created" => ContainerStatus.Created,
        "dead" => ContainerStatus.Dead,
        "removing" => ContainerStatus.Removing,
        _ => ContainerStatus.Exited,
    };
}
