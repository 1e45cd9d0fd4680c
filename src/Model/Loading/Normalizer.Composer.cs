using System.Globalization;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

internal sealed partial class Normalizer
{
    /// <summary>
    /// A service's `x-composer` block, read with positions: unknown keys, bad durations, numbers out of
    /// range and malformed schedules are load errors at their file:line:col, before any verb acts.
    /// </summary>
    private ComposerSettings ComposerBlock(MappingNode service, string servicePath)
    {
        if (service["x-composer"] is not { } node || node is ScalarNode { IsNull: true }) return ComposerSettings.None;
        var path = servicePath + ".x-composer";
        if (node is not MappingNode block) { Error(node, path, "must be a mapping"); return ComposerSettings.None; }
        RefuseUnknownKeys(block, path, ComposerSettings.Keys);
        var restart = block["restart"] switch
        {
            null or ScalarNode { IsNull: true } => null,
            MappingNode r => Backoff(r, path + ".restart"),
            var other => Refused<RestartBackoff>(other, path + ".restart", "must be a mapping of " + string.Join(", ", ComposerSettings.RestartKeys)),
        };
        return new ComposerSettings(restart, Bool(block, "restart_unhealthy", path) ?? false, Schedule(block["schedule"], path + ".schedule"));
    }

    private RestartBackoff Backoff(MappingNode r, string path)
    {
        RefuseUnknownKeys(r, path, ComposerSettings.RestartKeys);
        return new RestartBackoff(Duration(r, "delay", path), Ranged(r, "factor", path, 1, double.MaxValue), Duration(r, "max_delay", path),
            Duration(r, "reset_after", path), Ranged(r, "jitter", path, 0, 1));
    }

    private JobScheduleSettings? Schedule(Node? node, string path)
    {
        switch (node)
        {
            case null or ScalarNode { IsNull: true }:
                return null;
            case ScalarNode cron:
                return CronText(cron, path) is { } text ? new JobScheduleSettings(text, false, 10, At(cron)) : null;
            case MappingNode m:
                RefuseUnknownKeys(m, path, ["cron", "concurrent", "history"]);
                if (m["cron"] is not ScalarNode { IsNull: false } c) { Error(m, path, "needs `cron`, a cron expression"); return null; }
                var history = Int(m, "history", path) ?? 10;
                if (history < 1) { Error(m["history"]!, path + ".history", "must be a positive number"); history = 10; }
                return CronText(c, path + ".cron") is { } expression ? new JobScheduleSettings(expression, Bool(m, "concurrent", path) ?? false, history, At(c)) : null;
            default:
                return Refused<JobScheduleSettings>(node, path, "must be a cron expression, or a mapping with `cron`");
        }
    }

    /// <summary>crontab has 5 fields, Quartz 6 or 7; what each field may hold is checked when the schedule is compiled.</summary>
    private string? CronText(ScalarNode cron, string path)
    {
        var fields = cron.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is >= 5 and <= 7) return cron.Value;
        Error(cron, path, $"'{cron.Value}' is not a cron expression: it has {fields} fields, where crontab has 5 (minute hour day month weekday)");
        return null;
    }

    private double? Ranged(MappingNode m, string key, string path, double min, double max)
    {
        var value = Double(m, key, path);
        if (value is null || (value >= min && value <= max)) return value;
        Error(m[key]!, N.Child(path, key), max == double.MaxValue ? $"must be a number >= {min}" : $"must be a number from {min} to {max}");
        return null;
    }

    private void RefuseUnknownKeys(MappingNode m, string path, IReadOnlyList<string> known)
    {
        foreach (var e in m.Entries)
            if (!known.Contains(e.Name))
                Error(e.Key, N.Child(path, e.Name), $"unknown key: composer reads {string.Join(", ", known)} here");
    }

    private T? Refused<T>(Node node, string path, string message) where T : class
    {
        Error(node, path, message);
        return null;
    }

    private static string At(Node node) => string.Create(CultureInfo.InvariantCulture, $"{node.Mark.File}:{node.Mark.Line}:{node.Mark.Column}");
}
