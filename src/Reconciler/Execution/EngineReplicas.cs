using Composer.Engine;
using Composer.Reconciler.Rollout;

namespace Composer.Reconciler.Execution;

/// <summary>A rollout's calls on the real engine; containers are created the way the plan's create operations make them.</summary>
internal sealed class EngineReplicas(IEngineClient engine, Func<string, int, string, CancellationToken, Task<string>> create, TimeSpan healthCap)
    : IReplicaEngine
{
    public Task<string> CreateAsync(string service, int number, string name, CancellationToken cancellationToken) =>
        create(service, number, name, cancellationToken);

    /// <summary>The service's post_start hooks, run after each start (a failing one fails the replica).</summary>
    public Func<string, CancellationToken, Task> AfterStart { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>The service's pre_stop hooks, run before each stop.</summary>
    public Func<string, CancellationToken, Task> BeforeStop { get; init; } = (_, _) => Task.CompletedTask;

    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        await engine.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
        await AfterStart(id, cancellationToken).ConfigureAwait(false);
    }

    public Task<string?> AwaitReadyAsync(string id, TimeSpan? monitor, CancellationToken cancellationToken) =>
        new ReplicaReadiness(engine, TimeProvider.System).AwaitAsync(id, monitor, healthCap, cancellationToken);

    public async Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        await BeforeStop(id, cancellationToken).ConfigureAwait(false);
        await engine.StopContainerAsync(id, Containers.StopGrace.Seconds(grace), cancellationToken).ConfigureAwait(false);
    }

    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        engine.RemoveContainerAsync(id, force: true, volumes: false, cancellationToken);

    public Task RenameAsync(string id, string name, CancellationToken cancellationToken) => engine.RenameContainerAsync(id, name, cancellationToken);
}
