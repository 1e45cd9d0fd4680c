using System.Collections.Concurrent;
using System.Collections.Immutable;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.Rollout;

namespace Composer.Orchestrator.Agent;

/// <summary>A service's latest rollout as `agent status` shows it: under way (and where), or how it ended.</summary>
public sealed record RolloutStatus(string Service, string State, DateTimeOffset Since, bool Done, bool Failed);

/// <summary>
/// Hears a project's reconcile passes and keeps, per service, its latest rollout. It also remembers
/// the versions whose rollout failed, so the next passes do not try them again (and again) until
/// the files or the image change: the agent's equivalent of swarm reverting a failed update.
/// </summary>
internal sealed class RolloutTracker(TimeProvider time) : IExecutionObserver
{
    private readonly ConcurrentDictionary<string, RolloutStatus> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _heldBack = new(StringComparer.Ordinal);

    public IReadOnlyList<RolloutStatus> Latest => [.. _latest.Values.OrderBy(r => r.Service, StringComparer.Ordinal)];

    public ImmutableDictionary<string, string> HeldBack => _heldBack.ToImmutableDictionary();

    public void Started(Operation operation)
    {
        if (operation.Rollout is not null) Set(operation, $"rolling out ({operation.Cause})", done: false, failed: false);
    }

    public void Progressed(Operation operation, string state) => Set(operation, $"rolling out: {state}", done: false, failed: false);

    public void Completed(Operation operation, TimeSpan elapsed)
    {
        if (operation.Rollout is { } rollout)
            Set(operation, $"rolled out {rollout.Replicas.Length} in {elapsed.TotalSeconds:0.0}s", done: true, failed: false);
    }

    public void Failed(Operation operation, Exception error)
    {
        if (operation.Rollout is null) return;
        if (error is RolloutFailedException failed) _heldBack[failed.Service] = failed.Key;
        var held = error is RolloutFailedException ? "; held at the previous version until the files or the image change" : "";
        Set(operation, $"{error.Message}{held}", done: true, failed: true);
    }

    private void Set(Operation operation, string state, bool done, bool failed) =>
        _latest[operation.Subject] = new RolloutStatus(operation.Subject, state, time.GetUtcNow(), done, failed);
}
