namespace Composer.Reconciler.Supervision;

/// <summary>
/// The span of time during which the supervisor itself was acting on a container, so the engine
/// events that action causes (a `kill` and `die` of our stop, the `start` of our start) are not
/// mistaken for a user's doing. Event times come from the engine's clock, which on the same
/// host is ours; a few milliseconds of slack cover rounding.
/// </summary>
internal sealed class ActionWindow
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(20);
    private readonly Lock _lock = new();
    private DateTimeOffset _since = DateTimeOffset.UnixEpoch;
    private DateTimeOffset _until = DateTimeOffset.UnixEpoch;
    private bool _open;

    public void Open(DateTimeOffset now) { lock (_lock) { _since = now; _open = true; } }

    public void Close(DateTimeOffset now) { lock (_lock) { _until = now; _open = false; } }

    public bool Covers(DateTimeOffset at)
    {
        lock (_lock) return at >= _since - Slack && (_open || at <= _until + Slack);
    }
}
