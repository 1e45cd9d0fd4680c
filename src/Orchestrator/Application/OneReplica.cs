using Composer.Engine;

namespace Composer.Orchestrator.Application;

internal sealed partial class ComposeService
{
    /// <summary>
    /// The container a single-container operation (port, attach, commit, export) acts on: the
    /// service must be declared when there is a compose file, its replica is as <see cref="ServiceReplica"/> chooses.
    /// </summary>
    private Task<ContainerSummary> OneReplicaAsync(ProjectTarget target, string service, int? index, CancellationToken cancellationToken) =>
        ServiceReplica.FindAsync(Engine, target.Name, target.Select([service])[0], index, cancellationToken);
}
