using Composer.Engine;
using Composer.Orchestrator.Output;

namespace Composer.Orchestrator.Application;

/// <summary>`logs`: the output of the services' containers (replica <see cref="Index"/> only, when given).</summary>
internal sealed record LogsRequest(IReadOnlyList<string> Services)
{
    public int? Index { get; init; }
    /// <summary>What the engine is asked for: follow, tail, timestamps, since, until.</summary>
    public LogRequest Log { get; init; } = new();
    public bool Colour { get; init; } = true;
    public bool Prefix { get; init; } = true;
}

internal sealed partial class ComposeService
{
    /// <summary>Prints each container's output, prefixed with its service and number; following ends on cancel.</summary>
    public async Task LogsAsync(ProjectTarget target, LogsRequest request, CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        // As docker compose: with the compose file and no service named, services with `attach: false` are left out until named.
        if (selected.Length == 0 && target.Project is { } project)
            selected = [.. project.Services.Values.Where(s => s.Attach != false).Select(s => s.Name)];
        var containers = await ProjectContainers.ListAsync(Engine, target.Name, selected, all: true, cancellationToken).ConfigureAwait(false);
        if (request.Index is { } number)
        {
            if (selected.Length != 1) throw new UsageException("--index requires exactly one service");
            containers = [.. containers.Where(c => ProjectContainers.NumberOf(c) == number)];
            if (containers.Count == 0) throw new UsageException($"service \"{selected[0]}\" is not running container #{number}");
        }
        var labels = containers.ToDictionary(c => c.Id, c => $"{ProjectContainers.ServiceOf(c)}-{ProjectContainers.NumberOf(c)}");
        var printer = new LogPrinter(Terminal, labels.Values.Select(l => l.Length).DefaultIfEmpty(0).Max(), colour: request.Colour);
        try
        {
            await Task.WhenAll(containers.Select(c => printer.FollowAsync(Engine, c.Id, labels[c.Id], request.Log, request.Prefix, cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }
}
