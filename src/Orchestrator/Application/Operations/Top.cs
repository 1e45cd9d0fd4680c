namespace Composer.Orchestrator.Application;

/// <summary>`top [SERVICE...]`: the running containers of the services (none named: all).</summary>
internal sealed record TopRequest(IReadOnlyList<string> Services);

internal sealed partial class ComposeService
{
    /// <summary>Each running container's processes: its name, the engine's column titles, one tab-separated line per process, a blank line.</summary>
    public async Task TopAsync(ProjectTarget target, TopRequest request, CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        foreach (var container in await ProjectContainers.ListAsync(Engine, target.Name, selected, all: false, cancellationToken).ConfigureAwait(false))
        {
            var top = await Engine.TopContainerAsync(container.Id, cancellationToken).ConfigureAwait(false);
            Terminal.Line(ProjectContainers.Name(container));
            Terminal.Line(string.Join('\t', top.Titles ?? []));
            foreach (var process in top.Processes ?? []) Terminal.Line(string.Join('\t', process));
            Terminal.Line("");
        }
    }
}
