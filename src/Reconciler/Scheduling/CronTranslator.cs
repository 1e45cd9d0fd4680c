using System.Globalization;
using System.Text.RegularExpressions;

namespace Composer.Reconciler.Scheduling;

/// <summary>
/// crontab (5 fields) -> Quartz (seconds first, `?` in one of the day fields, Sunday = 1).
/// Quartz forms (6 or 7 fields) pass through. Every result is checked by Quartz's own parser.
/// </summary>
public static partial class CronTranslator
{
    public static string? ToQuartz(string cron, out string? error)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string candidate;
        switch (fields.Length)
        {
            case 5:
                var (dayOfMonth, dayOfWeek) = (fields[2], CrontabWeekdays(fields[4]));
                if (dayOfMonth != "*" && dayOfWeek != "*")
                {
                    error = "a day of month and a day of week together are not supported; use one of them";
                    return null;
                }
                if (dayOfWeek == "*") dayOfWeek = "?";
                else dayOfMonth = "?";
                candidate = $"0 {fields[0]} {fields[1]} {dayOfMonth} {fields[3]} {dayOfWeek}";
                break;
            case 6 or 7:
                candidate = string.Join(' ', fields);
                break;
            default:
                error = $"{fields.Length} fields; expected 5 (crontab) or 6-7 (seconds first)";
                return null;
        }
        try
        {
            Quartz.CronExpression.ValidateExpression(candidate);
            error = null;
            return candidate;
        }
        catch (FormatException format)
        {
            error = format.Message;
            return null;
        }
    }

    /// <summary>crontab numbers Sunday 0 (or 7) to Saturday 6; Quartz numbers Sunday 1 to Saturday 7. Names need no change.</summary>
    private static string CrontabWeekdays(string field) =>
        Number().Replace(field, match =>
        {
            // A step's number (after '/') is an interval, not a weekday.
            if (match.Index > 0 && field[match.Index - 1] == '/') return match.Value;
            var day = int.Parse(match.Value, CultureInfo.InvariantCulture) % 7;
            return (day + 1).ToString(CultureInfo.InvariantCulture);
        });

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Number();
}
