using Composer.Engine;
using Composer.Reconciler.Rollout;

namespace Composer.Reconciler.Execution;

/// <summary>A rollout's calls on the real engine; containers are created the way the plan's create operations make them.</summary>
internal sealed class EngineReplicas(IEngineClient engine, Func<string, int, string, CancellationToken, Task<string>> create, TimeSpan healthCap)
    : IReplicaEngine
{
    public Task<string> CreateAsync(string service, int number, string name, CancellationToken cancellationToken) =>
        create(service, number, name, cancellationToken);

    public Task StartAsync(string id, CancellationToken cancellationToken) => engine.StartContainerAsync(id, cancellationToken);

    public Task<string?> AwaitReadyAsync(string id, TimeSpan? monitor, CancellationToken cancellationToken) =>
        new ReplicaReadiness(engine, TimeProvider.System).AwaitAsync(id, monitor, healthCap, cancellationToken);

    public Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken) =>
        engine.StopContainerAsync(id, Containers.StopGrace.Seconds(grace), cancellationToken);

    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        engine.RemoveContainerAsync(id, force: true, volumes: false, cancellationToken);

    public Task RenameAsync(string id, string name, CancellationToken cancellationToken) => engine.RenameContainerAsync(id, name, cancellationToken);
}
