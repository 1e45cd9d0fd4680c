using Composer.Engine;

namespace Composer.Reconciler.Swarm;

/// <summary>Observe -> plan -> execute for one stack; each call reads the swarm afresh, so a second deploy of the same files changes nothing.</summary>
public sealed class StackReconciler(ISwarmClient swarm)
{
    public Action<string> Log { get; init; } = _ => { };

    public Task<ObservedStack> ObserveAsync(string stack, CancellationToken cancellationToken) =>
        new ObservedStackReader(swarm).ReadAsync(stack, cancellationToken);

    /// <param name="converge">Null: return once the engine accepted the changes. Else: wait up to this long for updated services to run as declared.</param>
    public async Task<StackPlan> DeployAsync(DesiredStack desired, bool prune, TimeSpan? converge, CancellationToken cancellationToken)
    {
        // Fails with the engine's own "not a swarm manager" advice before anything is planned.
        await swarm.InspectSwarmAsync(cancellationToken).ConfigureAwait(false);
        var observed = await ObserveAsync(desired.Name, cancellationToken).ConfigureAwait(false);
        var plan = StackPlanner.Deploy(desired, observed, prune);
        var executor = new StackExecutor(swarm, desired, observed)
        {
            Log = Log,
            BeforeRemovals = converge is { } timeout
                ? (services, token) => new StackConvergence(swarm).WaitAsync(desired.Name, services, timeout, Log, token)
                : (_, _) => Task.CompletedTask,
        };
        await executor.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        return plan;
    }

    public async Task<StackPlan> PlanDeployAsync(DesiredStack desired, bool prune, CancellationToken cancellationToken) =>
        StackPlanner.Deploy(desired, await ObserveAsync(desired.Name, cancellationToken).ConfigureAwait(false), prune);

    /// <returns>The plan that ran; empty when the stack had nothing in the swarm.</returns>
    public async Task<StackPlan> RemoveAsync(string stack, CancellationToken cancellationToken)
    {
        var observed = await ObserveAsync(stack, cancellationToken).ConfigureAwait(false);
        var plan = StackPlanner.Remove(stack, observed);
        var empty = new DesiredStack(stack, [], [], [], [], []);
        await new StackExecutor(swarm, empty, observed) { Log = Log }.ExecuteAsync(plan, cancellationToken).ConfigureAwait(false);
        await WaitGoneAsync(stack, cancellationToken).ConfigureAwait(false);
        return plan;
    }

    /// <summary>
    /// The engine accepts a network removal while the node still lists its local copy for a moment;
    /// returning only when the stack is gone means a following deploy or `docker network ls` sees it gone.
    /// </summary>
    private async Task WaitGoneAsync(string stack, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var left = await ObserveAsync(stack, cancellationToken).ConfigureAwait(false);
            if (left.IsEmpty) return;
            if (DateTime.UtcNow > deadline)
                throw new StackConvergenceException($"stack {stack} still has objects after removal: " +
                    string.Join(", ", left.Services.Select(s => s.Name).Concat(left.Networks.Select(n => n.Name))
                        .Concat(left.Configs.Select(c => c.Name)).Concat(left.Secrets.Select(c => c.Name))));
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }
}
