using System.Collections.Concurrent;

namespace Composer.Reconciler.Supervision;

/// <summary>What the supervisor must not forget about a container across agent restarts (kill -9 included).</summary>
/// <param name="Restarts">Restarts made so far (on-failure:N counts them); counted before the start is asked for.</param>
/// <param name="UserStoppedAt">When someone stopped it on purpose; null when it is meant to run.</param>
public sealed record ContainerMemory(int Restarts, DateTimeOffset? UserStoppedAt)
{
    public static readonly ContainerMemory Fresh = new(0, null);

    /// <summary>Where the backoff stands: the index of the last delay chosen (quick failures in a row).</summary>
    public int Consecutive { get; init; }

    /// <summary>When the restart we are waiting to make is due: a new agent waits out the rest, not the whole, nor nothing.</summary>
    public DateTimeOffset? RestartDueAt { get; init; }

    /// <summary>We asked the engine to start it and have not yet seen the `start` event that answers: that event is ours.</summary>
    public bool StartPending { get; init; }

    /// <summary>
    /// The engine time of the newest `start` event accounted for (ours or a user's). A replayed event
    /// at or before it is old news: this, not a time window, is how a new agent tells its own starts
    /// from a user's.
    /// </summary>
    public DateTimeOffset? LastStartAt { get; init; }

    /// <summary>
    /// Accounts for a `start` event. Ours when one of ours was pending; old news when not newer than the
    /// last one accounted for; otherwise a user's, which, like the engine, forgives past stops and
    /// failures.
    /// </summary>
    /// <returns>The memory after the event, and whether the event was a user's new start.</returns>
    public (ContainerMemory Next, bool ByUser) AfterStart(DateTimeOffset at)
    {
        if (at <= LastStartAt) return (this, false);
        if (StartPending) return (this with { StartPending = false, LastStartAt = at }, false);
        return (Fresh with { LastStartAt = at }, true);
    }

    /// <summary>A restart of ours is about to be asked for: counted first, so a kill -9 straight after cannot lose it.</summary>
    public ContainerMemory BeforeOurStart() => this with { Restarts = Restarts + 1, StartPending = true, RestartDueAt = null };

    /// <summary>The engine refused our start: it did not happen.</summary>
    public ContainerMemory AfterFailedStart() => this with { Restarts = Math.Max(0, Restarts - 1), StartPending = false };
}

/// <summary>Durable per-container memory (the agent keeps it in its state directory).</summary>
public interface ISupervisorMemory
{
    ContainerMemory Recall(string containerId);
    void Remember(string containerId, ContainerMemory memory);
    void Forget(string containerId);
    /// <summary>Forgets every container but <paramref name="present"/> (those the engine destroyed while nobody listened).</summary>
    /// <returns>How many were forgotten.</returns>
    int Retain(IReadOnlySet<string> present);
}

/// <summary>For tests and for a supervisor that need not survive its process.</summary>
public sealed class VolatileSupervisorMemory : ISupervisorMemory
{
    private readonly ConcurrentDictionary<string, ContainerMemory> _memories = new(StringComparer.Ordinal);

    public ContainerMemory Recall(string containerId) => _memories.GetValueOrDefault(containerId, ContainerMemory.Fresh);
    public void Remember(string containerId, ContainerMemory memory) => _memories[containerId] = memory;
    public void Forget(string containerId) => _memories.TryRemove(containerId, out _);

    public int Retain(IReadOnlySet<string> present)
    {
        var gone = _memories.Keys.Where(id => !present.Contains(id)).ToList();
        foreach (var id in gone) _memories.TryRemove(id, out _);
        return gone.Count;
    }
}
