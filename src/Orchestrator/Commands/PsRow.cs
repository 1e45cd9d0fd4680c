using Composer.Model;
using System.Globalization;
using System.Text;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Orchestrator.Output.Templates;
using Composer.Reconciler;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// One line of `ps`: the listed container plus what only an inspect tells (health, exit code,
/// networks), as docker compose gathers it.
/// </summary>
internal sealed record PsRow(ContainerSummary Container, string Health, int ExitCode, IReadOnlyList<string> Networks, bool Truncate, DateTimeOffset Now)
{
    /// <summary>docker compose's default columns, CREATED included.</summary>
    public const string DefaultTable = "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}";

    public static PsRow From(ContainerSummary container, ContainerInspect? inspect, bool truncate, DateTimeOffset now)
    {
        // As compose: health only while running, an exit code only once it stopped.
        var state = inspect?.State;
        var health = state?.Status == "running" ? state.Health?.Status ?? "" : "";
        var exitCode = state?.Status is "exited" or "dead" ? state.ExitCode : 0;
        return new PsRow(container, health, exitCode, [.. (inspect?.NetworkSettings?.Networks?.Keys.AsEnumerable() ?? []).Order(StringComparer.Ordinal)], truncate, now);
    }

    /// <summary>The fields of docker compose's container formatter, by the names its templates use.</summary>
    public static readonly TemplateSchema<PsRow> Schema = new(
    [
        Field("ID", "CONTAINER ID", r => r.Truncate ? ShortId(r.Container.Id) : r.Container.Id),
        Field("Name", "NAME", r => ProjectContainers.Name(r.Container)),
        Field("Names", null, r => r.Names()),
        Field("Project", "PROJECT", r => r.Label(ComposeLabels.Project)),
        Field("Service", "SERVICE", r => ProjectContainers.ServiceOf(r.Container)),
        Field("Image", "IMAGE", r => r.Container.Image ?? ""),
        Field("Command", "COMMAND", r => GoQuote(r.Truncate ? Ellipsis(r.Container.Command ?? "", 20) : r.Container.Command ?? "")),
        Field("CreatedAt", "CREATED AT", r => GoTime(DateTimeOffset.FromUnixTimeSeconds(r.Container.Created).ToLocalTime())),
        Field("RunningFor", "CREATED", r => HumanDuration(r.Now - DateTimeOffset.FromUnixTimeSeconds(r.Container.Created)) + " ago"),
        new("ExitCode", null, r => TemplateValue.Of(r.ExitCode)),
        Field("State", "STATE", r => r.Container.State ?? ""),
        Field("Status", "STATUS", r => r.Container.Status ?? ""),
        Field("Health", null, r => r.Health),
        new("Publishers", null, r => r.Publishers()),
        Field("Ports", "PORTS", r => DisplayPorts.Format(r.Container.Ports)),
        Field("Labels", "LABELS", r => string.Join(',', (r.Container.Labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))),
        Field("Engine", "ENGINE", r => r.Label(ComposeLabels.Engine)),
        Field("Mounts", null, r => string.Join(',', (r.Container.Mounts ?? []).Select(m => m.Name is { Length: > 0 } name ? name : m.Source ?? "")
            .Select(name => r.Truncate ? Ellipsis(name, 15) : name))),
        Field("LocalVolumes", null, r => (r.Container.Mounts ?? []).Count(m => m.Driver == "local").ToString(CultureInfo.InvariantCulture)),
        Field("Networks", null, r => string.Join(',', r.Networks)),
        // compose does not ask the engine for sizes, so docker's formatter shows zero.
        Field("Size", "SIZE", _ => "0B"),
    ], label: (row, key) => row.Label(key));

    private static TemplateField<PsRow> Field(string name, string? header, Func<PsRow, string> text) => new(name, header, r => TemplateValue.Of(text(r)));

    private string Label(string key) => Container.Labels?.GetValueOrDefault(key) ?? "";

    /// <summary>Names without their slash; when truncating, only the container's own name (not its legacy link aliases).</summary>
    private string Names()
    {
        var names = (Container.Names ?? []).Select(n => n.TrimStart('/')).ToList();
        if (Truncate && names.FirstOrDefault(n => !n.Contains('/')) is { } own) names = [own];
        return string.Join(',', names);
    }

    private TemplateValue Publishers() => new TemplateValue.List([.. (Container.Ports ?? []).OrderBy(p => p.PrivatePort).Select(p =>
        (TemplateValue)new TemplateValue.Record([
            ("URL", TemplateValue.Of(p.IP ?? "")), ("TargetPort", TemplateValue.Of(p.PrivatePort)),
            ("PublishedPort", TemplateValue.Of(p.PublicPort ?? 0)), ("Protocol", TemplateValue.Of(p.Type ?? "")),
        ]))]);

    public static string ShortId(string id)
    {
        var colon = id.IndexOf(':');
        if (colon >= 0) id = id[(colon + 1)..];
        return id.Length > 12 ? id[..12] : id;
    }

    /// <summary>At most <paramref name="width"/> characters, the last one an ellipsis when cut (docker's formatter.Ellipsis).</summary>
    public static string Ellipsis(string text, int width)
    {
        var runes = text.EnumerateRunes().ToArray();
        if (runes.Length <= width) return text;
        return string.Concat(runes.Take(width - 1).Select(r => r.ToString())) + "…";
    }

    /// <summary>Text in double quotes with Go's escapes (strconv.Quote), as docker shows a command.</summary>
    public static string GoQuote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            quoted.Append(rune.Value switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\t' => "\\t", '\r' => "\\r",
                '\a' => "\\a", '\b' => "\\b", '\f' => "\\f", '\v' => "\\v",
                < 0x20 or 0x7f => $"\\x{rune.Value:x2}",
                _ => rune.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }

    /// <summary>A time as Go's time.String prints it: `2026-12-02 17:28:22 +0000 UTC`.</summary>
    public static string GoTime(DateTimeOffset time)
    {
        var offset = time.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        var zone = time.Offset == TimeSpan.Zero ? "UTC" : offset;
        return time.ToString("yyyy-MM-dd HH:mm:ss ", CultureInfo.InvariantCulture) + offset + " " + zone;
    }

    /// <summary>How long ago, in docker's words (go-units HumanDuration): "4 seconds", "About a minute", "3 days".</summary>
    public static string HumanDuration(TimeSpan elapsed)
    {
        var seconds = (long)elapsed.TotalSeconds;
        var minutes = (long)elapsed.TotalMinutes;
        var hours = (long)(elapsed.TotalHours + 0.5);
        return seconds switch
        {
            < 1 => "Less than a second",
            1 => "1 second",
            < 60 => $"{seconds} seconds",
            _ when minutes == 1 => "About a minute",
            _ when minutes < 60 => $"{minutes} minutes",
            _ when hours == 1 => "About an hour",
            _ when hours < 48 => $"{hours} hours",
            _ when hours < 24 * 7 * 2 => $"{hours / 24} days",
            _ when hours < 24 * 30 * 2 => $"{hours / 24 / 7} weeks",
            _ when hours < 24 * 365 * 2 => $"{hours / 24 / 30} months",
            _ => $"{(long)elapsed.TotalHours / 24 / 365} years",
        };
    }
}
