using Composer.Model;
using System.Collections.Immutable;
using System.Globalization;
using Composer.Engine;

namespace Composer.Reconciler.State;

/// <summary>One snapshot of a project's containers, networks and volumes, found by the Compose labels.</summary>
public sealed class ObservedStateReader(IEngineClient engine)
{
    public async Task<ObservedState> ReadAsync(string project, IEnumerable<string> images, CancellationToken cancellationToken)
    {
        var filter = $"{ComposeLabels.Project}={project}";
        var containersTask = engine.ListContainersAsync(all: true, labelFilters: [filter], cancellationToken);
        var networksTask = engine.ListNetworksAsync(labelFilters: [filter], cancellationToken);
        var volumesTask = engine.ListVolumesAsync(labelFilters: [filter], cancellationToken);
        var found = await ImagesAsync(images, cancellationToken).ConfigureAwait(false);

        var containers = (await containersTask.ConfigureAwait(false)).Select(ToObserved).OfType<ObservedContainer>().ToImmutableArray();
        var networks = (await networksTask.ConfigureAwait(false)).Select(n => n.Name).ToImmutableHashSet(StringComparer.Ordinal);
        var volumes = (await volumesTask.ConfigureAwait(false)).Select(v => v.Name).ToImmutableHashSet(StringComparer.Ordinal);
        return new ObservedState(containers, networks, volumes,
            found.ToImmutableDictionary(f => f.Key, f => f.Value.Id),
            found.Where(f => Refreshed(f.Value) is not null).ToImmutableDictionary(f => f.Key, f => Refreshed(f.Value)!.Value));
    }

    private async Task<Dictionary<string, ImageInspect>> ImagesAsync(IEnumerable<string> images, CancellationToken cancellationToken)
    {
        var lookups = images.Distinct().Select(async image =>
        {
            try { return (image, inspect: await engine.InspectImageAsync(image, cancellationToken).ConfigureAwait(false)); }
            catch (EngineNotFoundException) { return (image, inspect: (ImageInspect?)null); }
        });
        var found = await Task.WhenAll(lookups).ConfigureAwait(false);
        return found.Where(f => f.inspect is not null).ToDictionary(f => f.image, f => f.inspect!, StringComparer.Ordinal);
    }

    /// <summary>
    /// How old a local image is, for pull_policy daily/weekly/every_N. docker compose reads the
    /// last tag time alone, but engine 20.10 leaves it at zero after a pull, which would make every
    /// `up` pull again. So: the last tag time when the engine recorded one (a local tag or build
    /// moved the name here then), else the image's creation time. Creation can only be older than
    /// the pull that brought the image, so the fallback errs towards pulling (a cheap manifest
    /// check when nothing changed), never towards running something staler than the window.
    /// </summary>
    internal static DateTimeOffset? Refreshed(ImageInspect image)
    {
        if (image.Metadata?.LastTagTime is { Year: > 1 } tagged) return tagged;
        return DateTimeOffset.TryParse(image.Created, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created)
            ? created : null;
    }

    private static ObservedContainer? ToObserved(ContainerSummary summary)
    {
        var labels = summary.Labels ?? new Dictionary<string, string>();
        if (!labels.TryGetValue(ComposeLabels.Service, out var service)) return null;
        _ = int.TryParse(labels.GetValueOrDefault(ComposeLabels.ContainerNumber), NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        return new ObservedContainer(
            summary.Id,
            (summary.Names?.FirstOrDefault() ?? summary.Id).TrimStart('/'),
            service,
            number,
            labels.GetValueOrDefault(ComposeLabels.OneOff) == ComposeLabels.True,
            labels.GetValueOrDefault(ComposeLabels.ConfigHash) ?? "",
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
