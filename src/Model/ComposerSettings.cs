namespace Composer.Model;

/// <summary>
/// A service's `x-composer` block: composer's own settings, read and checked while loading so a mistake
/// is reported with its file:line:col like any other key. The raw block stays in
/// <see cref="ServiceConfig.Extensions"/> so `config` prints it as written.
/// </summary>
/// <param name="Restart">Backoff overrides for the supervisor (`x-composer.restart`); null fields keep the defaults.</param>
/// <param name="RestartUnhealthy">Restart a container its healthcheck calls unhealthy (`x-composer.restart_unhealthy`).</param>
/// <param name="Schedule">Run on a schedule instead of staying up (`x-composer.schedule`).</param>
public sealed record ComposerSettings(RestartBackoff? Restart, bool RestartUnhealthy, JobScheduleSettings? Schedule)
{
    public static readonly ComposerSettings None = new(null, false, null);

    /// <summary>The keys `x-composer` may hold; any other is refused (a misspelt key would otherwise do nothing).</summary>
    public static readonly IReadOnlyList<string> Keys = ["restart", "restart_unhealthy", "schedule"];

    /// <summary>The keys of `x-composer.restart`.</summary>
    public static readonly IReadOnlyList<string> RestartKeys = ["delay", "factor", "max_delay", "reset_after", "jitter"];
}

/// <summary>`x-composer.restart`: the supervisor's backoff between restarts.</summary>
/// <param name="Delay">First delay.</param>
/// <param name="Factor">Growth per failure (at least 1).</param>
/// <param name="MaxDelay">Upper bound of a delay.</param>
/// <param name="ResetAfter">Running this long forgets earlier failures.</param>
/// <param name="Jitter">Random spread, 0 to 1.</param>
public sealed record RestartBackoff(TimeSpan? Delay, double? Factor, TimeSpan? MaxDelay, TimeSpan? ResetAfter, double? Jitter);

/// <summary>`x-composer.schedule`: a cron string, or `{cron, concurrent, history}`.</summary>
/// <param name="Cron">The expression as written (5 fields crontab, 6 or 7 Quartz).</param>
/// <param name="Concurrent">A run may start while the previous one still runs (default: skip it).</param>
/// <param name="History">How many past runs to keep (default 10).</param>
/// <param name="CronAt">Where the expression is written, "file:line:col", for errors found when it is compiled.</param>
public sealed record JobScheduleSettings(string Cron, bool Concurrent, int History, string CronAt);
