namespace Composer.Reconciler.Rollout;

/// <summary>
/// Replaces a service's running containers start-first, batch by batch: each replacement starts
/// beside the container it replaces and must become ready (healthy, or running for the monitor
/// period); both then serve for the drain period, so clients that cache the service's addresses
/// learn the new one; then the old container is stopped with its grace (a server stops accepting
/// and finishes what it has in flight; the engine drops it from DNS when it exits). Stopped
/// containers are kept until the end, so a rollback can start them again; a finished rollout
/// removes them and gives the replacements their names, so numbers stay as they were.
/// </summary>
/// <remarks>
/// Why stop rather than leave the engine's DNS first: on a non-swarm engine the only way to take a
/// running container out of DNS is to disconnect it from its networks, which cuts every
/// connection it is serving (measured on dockerd 20.10: a request in flight across a disconnect got
/// no answer until the client gave up after 10 s; across a stop it completed).
/// </remarks>
public sealed class ServiceRollout(IReplicaEngine engine, TimeProvider time, Action<string> report)
{
    private sealed record Attempt(ReplicaSwap Swap, string? NewId, string? Error);

    public async Task RunAsync(RolloutPlan plan, CancellationToken cancellationToken)
    {
        var settings = plan.Settings;
        var switched = new List<Attempt>();
        var failures = new List<string>();
        var batches = plan.Batches().ToList();
        for (var index = 0; index < batches.Count; index++)
        {
            var batch = batches[index];
            var step = batches.Count == 1 ? "" : $"batch {index + 1}/{batches.Count}: ";
            report($"{step}starting {Names(batch.Select(s => s.TemporaryName))}");
            var attempts = await Task.WhenAll(batch.Select(swap => ReplaceAsync(plan, swap, cancellationToken))).ConfigureAwait(false);
            failures.AddRange(attempts.Where(a => a.Error is not null).Select(a => $"{a.Swap.FinalName}'s replacement {a.Error}"));

            var ready = attempts.Where(a => a.Error is null).ToList();
            if (ready.Count > 0)
            {
                if (settings.Drain > TimeSpan.Zero)
                {
                    report($"{step}draining {RolloutSettings.Seconds(settings.Drain)}");
                    await Task.Delay(settings.Drain, time, cancellationToken).ConfigureAwait(false);
                }
                report($"{step}stopping {Names(ready.Select(a => a.Swap.OldName))}");
                await Task.WhenAll(ready.Select(a => engine.StopAsync(a.Swap.OldId, settings.StopGrace, cancellationToken))).ConfigureAwait(false);
                switched.AddRange(ready);
            }

            if (!TooManyFailed(plan, failures.Count)) continue;
            switch (settings.FailureAction)
            {
                case FailureAction.Rollback:
                    await RollBackAsync(plan, switched, cancellationToken).ConfigureAwait(false);
                    throw Failed(plan, $"rolled back: {string.Join("; ", failures)}; every container runs the previous version");
                case FailureAction.Pause:
                    await FinishAsync(switched, cancellationToken).ConfigureAwait(false);
                    throw Failed(plan, $"paused after {switched.Count} of {plan.Replicas.Length} replaced: {string.Join("; ", failures)}; " +
                        "the others keep the previous version");
            }
        }

        await FinishAsync(switched, cancellationToken).ConfigureAwait(false);
        if (failures.Count == 0)
        {
            report($"rolled out {plan.Replicas.Length} of {plan.Replicas.Length}");
            return;
        }
        if (TooManyFailed(plan, failures.Count))
            throw Failed(plan, $"{failures.Count} of {plan.Replicas.Length} not replaced (failure_action continue): {string.Join("; ", failures)}");
        report($"rolled out {switched.Count} of {plan.Replicas.Length}, within max_failure_ratio: {string.Join("; ", failures)}");
    }

    private static bool TooManyFailed(RolloutPlan plan, int failures) =>
        failures > 0 && (double)failures / plan.Replicas.Length > plan.Settings.MaxFailureRatio;

    private static RolloutFailedException Failed(RolloutPlan plan, string what) =>
        new(plan.Service, plan.Key, $"update of service {plan.Service} failed and was {what}");

    /// <summary>Creates, starts and awaits one replacement; one that is not ready is removed again.</summary>
    private async Task<Attempt> ReplaceAsync(RolloutPlan plan, ReplicaSwap swap, CancellationToken cancellationToken)
    {
        string? id = null;
        try
        {
            id = await engine.CreateAsync(plan.Service, swap.Number, swap.TemporaryName, cancellationToken).ConfigureAwait(false);
            await engine.StartAsync(id, cancellationToken).ConfigureAwait(false);
            var notReady = await engine.AwaitReadyAsync(id, plan.Settings.Monitor, cancellationToken).ConfigureAwait(false);
            if (notReady is null) return new Attempt(swap, id, null);
            await engine.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
            return new Attempt(swap, null, notReady);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            if (id is not null)
            {
                try { await engine.RemoveAsync(id, cancellationToken).ConfigureAwait(false); }
                catch (Exception cleanup) when (cleanup is not OperationCanceledException) { report($"could not remove {swap.TemporaryName}: {cleanup.Message}"); }
            }
            return new Attempt(swap, null, $"could not start: {error.Message}");
        }
    }

    /// <summary>The replaced containers go; their replacements take their names.</summary>
    private async Task FinishAsync(List<Attempt> switched, CancellationToken cancellationToken)
    {
        await Task.WhenAll(switched.Select(async a =>
        {
            await engine.RemoveAsync(a.Swap.OldId, cancellationToken).ConfigureAwait(false);
            await engine.RenameAsync(a.NewId!, a.Swap.FinalName, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    /// <summary>What was stopped starts again and, once ready and drained, its replacement goes.</summary>
    private async Task RollBackAsync(RolloutPlan plan, List<Attempt> switched, CancellationToken cancellationToken)
    {
        if (switched.Count == 0) return;
        report($"rolling back: starting {Names(switched.Select(a => a.Swap.OldName))} again");
        await Task.WhenAll(switched.Select(async a =>
        {
            await engine.StartAsync(a.Swap.OldId, cancellationToken).ConfigureAwait(false);
            if (await engine.AwaitReadyAsync(a.Swap.OldId, plan.Settings.Monitor, cancellationToken).ConfigureAwait(false) is { } notReady)
                report($"{a.Swap.OldName} started again but is not ready: {notReady}");
        })).ConfigureAwait(false);
        if (plan.Settings.Drain > TimeSpan.Zero) await Task.Delay(plan.Settings.Drain, time, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(switched.Select(async a =>
        {
            await engine.StopAsync(a.NewId!, plan.Settings.StopGrace, cancellationToken).ConfigureAwait(false);
            await engine.RemoveAsync(a.NewId!, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names);
}
