namespace Composer.Reconciler.Supervision;

/// <summary>
/// Counters the control API exports. Reaction time is what the supervisor adds on top of the
/// backoff delay: from the engine's `die` (or `health_status`) event to our start call.
/// </summary>
public sealed class SupervisorMetrics
{
    private long _restarts;
    private long _restartErrors;
    private long _reactions;
    private long _reactionMicrosTotal;
    private long _reactionMicrosMax;

    public long Restarts => Interlocked.Read(ref _restarts);
    public long RestartErrors => Interlocked.Read(ref _restartErrors);
    public long Reactions => Interlocked.Read(ref _reactions);
    public TimeSpan ReactionTotal => TimeSpan.FromMicroseconds(Interlocked.Read(ref _reactionMicrosTotal));
    public TimeSpan ReactionMax => TimeSpan.FromMicroseconds(Interlocked.Read(ref _reactionMicrosMax));

    internal void Restarted(TimeSpan reaction)
    {
        Interlocked.Increment(ref _restarts);
        Interlocked.Increment(ref _reactions);
        var micros = Math.Max(0, (long)reaction.TotalMicroseconds);
        Interlocked.Add(ref _reactionMicrosTotal, micros);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _reactionMicrosMax)) &&
               Interlocked.CompareExchange(ref _reactionMicrosMax, micros, seen) != seen) { }
    }

    internal void RestartFailed() => Interlocked.Increment(ref _restartErrors);
}
