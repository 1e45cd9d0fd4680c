using System.Globalization;
using System.Text.RegularExpressions;

namespace Composer.Orchestrator.Cli;

/// <summary>
/// The `--since` / `--until` values docker's CLIs take, as the engine wants them (Unix seconds):
/// an RFC 3339 time or date, Unix seconds (with a fraction), or a Go duration back from now
/// ("42m", "1h30m", "1.5h"). The engine itself only reads Unix seconds, so the conversion is ours.
/// </summary>
internal static partial class EngineTime
{
    public static string? ToEngine(string? value, string flag, DateTimeOffset now)
    {
        if (value is null) return null;
        if (Regex.IsMatch(value, @"^\d+(\.\d+)?$")) return value;
        if (GoDuration(value) is { } ago) return Seconds(now - ago);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return Seconds(time);
        throw new UsageException($"{flag}: expected a time (2013-01-02T13:23:37Z), Unix seconds or a duration (42m), got '{value}'");
    }

    private static string Seconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static TimeSpan? GoDuration(string value)
    {
        if (!DurationShape().IsMatch(value)) return null;
        var total = TimeSpan.Zero;
        foreach (Match part in DurationPart().Matches(value))
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                "us" or "µs" => TimeSpan.FromMicroseconds(amount),
                _ => TimeSpan.FromTicks((long)(amount / 100)),
            };
        }
        return total;
    }

    [GeneratedRegex(@"^((\d+(\.\d+)?)(h|ms|m|s|us|µs|ns))+$")]
    private static partial Regex DurationShape();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)")]
    private static partial Regex DurationPart();
}
