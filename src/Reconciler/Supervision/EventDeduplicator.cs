namespace Composer.Reconciler.Supervision;

/// <summary>
/// Which engine events are new. The engine stamps an event before it publishes it, so under load
/// two events can arrive out of time order: dropping every event not newer than the last one
/// (as this once did) lost a container's `die`, and an `always` container stayed down. So only
/// two things are dropped: events at or before the mark a previous agent process persisted (it
/// handled them), and events this process has seen already (replayed after a reconnect, by id).
/// </summary>
public sealed class EventDeduplicator(long persistedNanos)
{
    /// <summary>Enough to cover what one reconnect replays; older keys are forgotten first.</summary>
    private const int Remembered = 4096;

    private readonly long _persisted = persistedNanos;
    private readonly HashSet<(long, string, string)> _seen = [];
    private readonly Queue<(long, string, string)> _order = new();

    /// <summary>The newest event time handled so far: where a restarted agent resumes.</summary>
    public long NewestNanos { get; private set; } = persistedNanos;

    /// <summary>True when the event is to be handled (and is remembered as handled).</summary>
    public bool IsNew(long nanos, string actor, string action)
    {
        if (nanos <= _persisted) return false;
        var key = (nanos, actor, action);
        if (!_seen.Add(key)) return false;
        _order.Enqueue(key);
        if (_order.Count > Remembered) _seen.Remove(_order.Dequeue());
        if (nanos > NewestNanos) NewestNanos = nanos;
        return true;
    }
}
