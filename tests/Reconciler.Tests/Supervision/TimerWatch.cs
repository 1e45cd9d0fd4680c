using Microsoft.Extensions.Time.Testing;

namespace Composer.Reconciler.Tests.Supervision;

/// <summary>
/// A fake clock that notes the timers made on it, so a test moves the clock only once the code under
/// test has started waiting (moving it earlier, on a loaded machine, makes the wait start late).
/// </summary>
internal sealed class TimerWatch(FakeTimeProvider fake) : TimeProvider
{
    private readonly List<TimeSpan> _timers = [];

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();
    public override long GetTimestamp() => fake.GetTimestamp();
    public override long TimestampFrequency => fake.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = fake.CreateTimer(callback, state, dueTime, period);
        lock (_timers) _timers.Add(dueTime);
        return timer;
    }

    /// <summary>True, once, for each timer made with this due time.</summary>
    public bool TakeTimer(TimeSpan dueTime)
    {
        lock (_timers) return _timers.Remove(dueTime);
    }
}
