using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>`ps`: the services' containers (none named: all).</summary>
internal sealed record PsRequest(IReadOnlyList<string> Services)
{
    /// <summary>-a: stopped containers and `run` containers too.</summary>
    public bool All { get; init; }
    /// <summary>--status / --filter status=: only containers in these states (stopped ones are looked at too).</summary>
    public IReadOnlySet<string> States { get; init; } = new HashSet<string>();
    /// <summary>--orphans=false: only the services the compose file declares.</summary>
    public bool Orphans { get; init; } = true;
    /// <summary>Each container inspected too (health, exit code, networks), for what a table shows.</summary>
    public bool Inspect { get; init; } = true;
}

/// <summary>A container as listed, and as inspected when asked (null if it went between the two).</summary>
internal sealed record ContainerState(ContainerSummary Summary, ContainerInspect? Inspect);

internal sealed partial class ComposeService
{
    public async Task<List<ContainerState>> PsAsync(ProjectTarget target, PsRequest request, CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        // As compose: without --orphans, only the services the project declares are listed (known only with its file).
        if (selected.Length == 0 && !request.Orphans && target.Project is { } project) selected = [.. project.Services.Keys];
        // A status filter looks at stopped containers too, and -a shows `run` containers as well.
        var showAll = request.All || request.States.Count > 0;
        var containers = await ProjectContainers.ListAsync(Engine, target.Name, selected, showAll, cancellationToken, includeOneOff: showAll).ConfigureAwait(false);
        if (request.States.Count > 0) containers.RemoveAll(c => !request.States.Contains(c.State ?? ""));
        if (!request.Inspect) return [.. containers.Select(c => new ContainerState(c, null))];
        // In parallel, as compose does.
        var inspects = await Task.WhenAll(containers.Select(async c =>
        {
            // A container removed between list and inspect is shown with what the list said.
            try { return await Engine.InspectContainerAsync(c.Id, cancellationToken).ConfigureAwait(false); }
            catch (EngineNotFoundException) { return null; }
        })).ConfigureAwait(false);
        return [.. containers.Select((c, i) => new ContainerState(c, inspects[i]))];
    }
}
