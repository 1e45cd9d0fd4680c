using Composer.Engine;

namespace Composer.Reconciler.Execution;

internal static class HealthProbes
{
    /// <summary>The container runs a healthcheck (its own or its image's), so the engine will give a verdict.</summary>
    public static bool Declared(ContainerInspect container) => container.Config?.Healthcheck?.Test is [var kind, ..] && kind != "NONE";

    /// <summary>
    /// The longest the engine can take to call the container healthy or unhealthy: its start period,
    /// then a check (interval plus timeout) per retry and one more; Docker's defaults where unset
    /// (30 s, 30 s, 3 retries). Null without a healthcheck.
    /// </summary>
    public static TimeSpan? VerdictWithin(ContainerInspect container)
    {
        if (!Declared(container)) return null;
        var check = container.Config!.Healthcheck!;
        static TimeSpan Or(long? nanos, TimeSpan fallback) => nanos is > 0 ? TimeSpan.FromTicks(nanos.Value / 100) : fallback;
        var interval = Or(check.Interval, TimeSpan.FromSeconds(30));
        var timeout = Or(check.Timeout, TimeSpan.FromSeconds(30));
        var retries = check.Retries is > 0 ? check.Retries.Value : 3;
        return Or(check.StartPeriod, TimeSpan.Zero) + (interval + timeout) * (retries + 1);
    }

    /// <summary>What the last health probe said, so the user sees why without `docker inspect`.</summary>
    public static string LastProbe(ContainerHealth health)
    {
        if (health.Log is not [.., var last]) return "";
        var output = (last.Output ?? "").Trim();
        if (output.Length > 300) output = "…" + output[^300..];
        return $" ({health.FailingStreak} failed checks; the last exited {last.ExitCode}{(output.Length > 0 ? ": " + output : "")})";
    }
}
