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
    public static bool IsScheduled(ServiceConfig service) => service.Composer?.Get("schedule") is not null;

    /// <exception cref="Supervision.SupervisionConfigException">The schedule cannot be read.</exception>
    public static JobSchedule? For(ServiceConfig service)
    {
        if (service.Composer?.Get("schedule") is not { } value) return null;
        var cron = value.Kind == RawKind.Scalar ? value.Scalar : value.GetString("cron");
        if (string.IsNullOrWhiteSpace(cron)) throw Invalid(service, "schedule", "a cron expression, or a mapping with `cron`");
        var concurrent = value.Kind == RawKind.Mapping && value.Get("concurrent") is not null
            ? value.GetBool("concurrent") ?? throw Invalid(service, "schedule.concurrent", "true or false")
            : false;
        var history = value.Kind == RawKind.Mapping && value.Get("history") is not null
            ? value.GetInt("history") is { } n && n > 0 ? n : throw Invalid(service, "schedule.history", "a positive number")
            : 10;
        var quartz = CronTranslator.ToQuartz(cron, out var error) ?? throw Invalid(service, "schedule", $"a valid cron expression ('{cron}': {error})");
        return new JobSchedule(cron, quartz, concurrent, history);
    }

    private static Supervision.SupervisionConfigException Invalid(ServiceConfig service, string key, string expected) =>
        new($"service '{service.Name}': x-composer.{key}: expected {expected}");
}
