using Composer.Engine;
using Composer.Model;

namespace Composer.Reconciler.Containers;

/// <summary>A service's healthcheck in the engine's terms: the same for containers and swarm services.</summary>
public static class HealthChecks
{
    public static HealthConfig? ToEngine(HealthcheckConfig? health)
    {
        if (health is null) return null;
        if (health.IsDisabled) return new HealthConfig { Test = ["NONE"] };
        return new HealthConfig
        {
            Test = health.Test.IsEmpty ? null : [.. health.Test],
            Interval = Nanos(health.Interval),
            Timeout = Nanos(health.Timeout),
            StartPeriod = Nanos(health.StartPeriod),
            Retries = health.Retries,
        };
    }

    /// <summary>The engine counts durations in nanoseconds.</summary>
    public static long? Nanos(TimeSpan? span) => span is { } s ? s.Ticks * 100 : null;
}
