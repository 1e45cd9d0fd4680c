namespace Composer.Orchestrator.Application;

/// <summary>`wait`: the services' containers (none named: all); <see cref="DownProject"/> takes the project down when the first stops.</summary>
internal sealed record WaitRequest(IReadOnlyList<string> Services)
{
    public bool DownProject { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>Blocks until the containers stop (the first, with --down-project); returns the first one's exit code.</summary>
    public async Task<int> WaitAsync(Model.Project project, WaitRequest request, CancellationToken cancellationToken)
    {
        var selected = ProjectTarget.Declared(project, [.. request.Services]);
        var containers = await ProjectContainers.ListAsync(Engine, project.Name, selected, all: true, cancellationToken, includeOneOff: true).ConfigureAwait(false);
        if (containers.Count == 0) throw new UsageException($"no containers for project {project.Name}");

        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = containers.Select(c => Engine.WaitContainerAsync(c.Id, stopWaiting.Token)).ToList();
        var exitCode = await (await Task.WhenAny(waits).ConfigureAwait(false)).ConfigureAwait(false);
        if (request.DownProject)
        {
            await stopWaiting.CancelAsync().ConfigureAwait(false);
            await DownAsync(new ProjectTarget(project), new DownRequest(), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Task.WhenAll(waits).ConfigureAwait(false);
        }
        return (int)exitCode;
    }
}
