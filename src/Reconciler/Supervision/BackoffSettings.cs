namespace Composer.Reconciler.Supervision;

/// <summary>
/// How long to wait before restarting a container that keeps failing: exponential from
/// <see cref="Initial"/> by <see cref="Factor"/> up to <see cref="Max"/>, spread by ±<see cref="Jitter"/>
/// so a host full of crashing containers does not restart them in lockstep, and back to the
/// initial delay once a container has run for <see cref="ResetAfter"/>.
/// </summary>
public sealed record BackoffSettings(TimeSpan Initial, double Factor, TimeSpan Max, TimeSpan ResetAfter, double Jitter)
{
    /// <summary>Docker's restart manager (100 ms doubling to 1 minute, reset after 10 s), plus ±10% jitter.</summary>
    public static readonly BackoffSettings Default = new(TimeSpan.FromMilliseconds(100), 2, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), 0.1);

    /// <param name="consecutive">Restarts since the container last ran long enough (0 for the first).</param>
    /// <param name="random">A sample in [0, 1) that places the delay inside the jitter band.</param>
    public TimeSpan DelayFor(int consecutive, double random)
    {
        var exponential = Initial.TotalMilliseconds * Math.Pow(Factor, consecutive);
        var capped = Math.Min(exponential, Max.TotalMilliseconds);
        var spread = capped * Jitter * (2 * random - 1);
        return TimeSpan.FromMilliseconds(Math.Max(0, capped + spread));
    }
}
