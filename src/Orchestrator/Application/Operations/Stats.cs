using System.Runtime.CompilerServices;
using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>`stats [SERVICE]`: running containers (all with <see cref="All"/>), sampled every second, or once when not <see cref="Stream"/>.</summary>
internal sealed record StatsRequest(IReadOnlyList<string> Services)
{
    public bool All { get; init; }
    public bool Stream { get; init; } = true;
}

/// <summary>A container's sample, with the id the engine listed it under.</summary>
internal sealed record ContainerStats(string ContainerId, StatsSample Sample);

internal sealed partial class ComposeService
{
    private static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The project's containers' resource usage, as `docker compose stats` samples it: a snapshot a
    /// second until cancelled (the verb shows each), or one when not streaming.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<ContainerStats>> StatsAsync(ProjectTarget target, StatsRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        if (selected.Length > 1) throw new UsageException($"stats takes at most one SERVICE, got {selected.Length}: {string.Join(' ', selected)}");
        do
        {
            var next = Task.Delay(StatsInterval, cancellationToken);
            yield return await SnapshotAsync(target.Name, selected, request.All, cancellationToken).ConfigureAwait(false);
            if (request.Stream) await next.ConfigureAwait(false);
        }
        while (request.Stream);
    }

    /// <summary>One sample per container, in parallel (the engine takes about a second for each); a container gone meanwhile is left out.</summary>
    private async Task<List<ContainerStats>> SnapshotAsync(string project, string[] services, bool all, CancellationToken cancellationToken)
    {
        // As docker compose: every container with the project's label, `run` containers included.
        var containers = await ProjectContainers.ListAsync(Engine, project, services, all, cancellationToken, includeOneOff: true).ConfigureAwait(false);
        var samples = await Task.WhenAll(containers.Select(async container =>
        {
            try { return StatsSample.Parse(await Engine.ContainerStatsAsync(container.Id, cancellationToken).ConfigureAwait(false)); }
            catch (EngineNotFoundException) { return null; }
        })).ConfigureAwait(false);
        return [.. containers.Zip(samples).Where(pair => pair.Second is not null)
            .Select(pair => new ContainerStats(pair.First.Id, pair.Second!))];
    }
}
