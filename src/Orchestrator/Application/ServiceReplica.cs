using Composer.Model;
using Composer.Engine;
using Composer.Reconciler;

namespace Composer.Orchestrator.Application;

/// <summary>
/// The one container of a service a single-container verb (exec, port, attach, commit, export) acts on, chosen
/// as docker compose chooses it: replica number --index when given, else the lowest-numbered
/// running replica, a `run` container only when no replica is running.
/// </summary>
internal static class ServiceReplica
{
    public static async Task<ContainerSummary> FindAsync(IEngineClient engine, string project, string service, int? index,
        CancellationToken cancellationToken)
    {
        var containers = await ProjectContainers.ListAsync(engine, project, [service], all: false, cancellationToken, includeOneOff: true);
        var chosen = containers
            .Where(c => index is not > 0 || ProjectContainers.NumberOf(c) == index)
            .OrderBy(c => c.Labels?.GetValueOrDefault(ComposeLabels.OneOff) == ComposeLabels.True)
            .ThenBy(ProjectContainers.NumberOf)
            .FirstOrDefault();
        return chosen ?? throw new UsageException(index is > 0
            ? $"service \"{service}\" is not running container #{index}"
            : $"service \"{service}\" is not running");
    }
}
