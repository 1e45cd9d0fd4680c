using System.Globalization;
using Composer.Model.Loading;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `events --since/--until` values as docker reads them: Unix seconds (`1700000000.5`), a date or
/// time (RFC 3339, `2026-12-02`, `2026-12-02T10:00:00`; local time unless a zone is given), or a
/// Go duration counted back from now (`10m`, `1h30m`).
/// </summary>
internal static class EventTime
{
    public static DateTimeOffset? Parse(string? text, string flag, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (text.All(c => char.IsAsciiDigit(c) || c == '.') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        if (!char.IsAsciiDigit(text[^1]) && Units.TryParseDuration(text, out var ago)) return now - ago;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at)) return at;
        throw new UsageException($"invalid value \"{text}\" for {flag}: expected Unix seconds, a date such as 2026-12-02T10:00:00Z, or a duration such as 10m");
    }
}
