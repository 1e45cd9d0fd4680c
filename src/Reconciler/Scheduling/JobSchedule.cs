using Composer.Model;

namespace Composer.Reconciler.Scheduling;

/// <summary>
/// A service that runs on a schedule instead of staying up: `x-composer.schedule`, either a
/// cron string or a mapping `{cron, concurrent, history}`. Five fields are crontab's
/// (minute hour day-of-month month day-of-week); six or seven are Quartz's (seconds first).
/// </summary>
/// <param name="Cron">The crontab text as written.</param>
/// <param name="QuartzCron">The same schedule in Quartz's form.</param>
/// <param name="Concurrent">A run may start while the previous one is still going (default: skip it).</param>
/// <param name="History">How many past runs to keep.</param>
public sealed record JobSchedule(string Cron, string QuartzCron, bool Concurrent, int History)
{
    public static bool IsScheduled(ServiceConfig service) => service.Composer.Schedule is not null;

    /// <summary>
    /// The schedule compiled for Quartz. Its shape was checked at load; what Quartz alone knows (a field out of
    /// range, a name it does not read) is reported here, at the expression's file:line:col.
    /// </summary>
    /// <exception cref="Supervision.SupervisionConfigException">The expression cannot be compiled.</exception>
    public static JobSchedule? For(ServiceConfig service)
    {
        if (service.Composer.Schedule is not { } schedule) return null;
        var quartz = CronTranslator.ToQuartz(schedule.Cron, out var error)
            ?? throw new Supervision.SupervisionConfigException($"{schedule.CronAt}: services.{service.Name}.x-composer.schedule: '{schedule.Cron}' is not a valid cron expression: {error}");
        return new JobSchedule(schedule.Cron, quartz, schedule.Concurrent, schedule.History);
    }
}
