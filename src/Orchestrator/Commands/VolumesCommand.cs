using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output.Templates;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `composer volumes [SERVICE...]`: the project's volumes (by label), or only those mounted by the
/// named services' running containers, as `docker compose volumes` lists them.
/// </summary>
internal static class VolumesCommand
{
    public static Command Create()
    {
        var quiet = Args.Flag("--quiet", "Only display volume names", "-q");
        var format = new Option<string>("--format")
        {
            Description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Name}}'",
        };
        var services = Args.Services();
        var command = new Command("volumes", "List volumes") { quiet, format, services };
        command.SetAction((parse, cancel) =>
        {
            var request = new VolumesRequest(parse.GetValue(services) ?? []);
            return Compose.OnProjectAsync(parse, async (compose, target) =>
            {
                var volumes = await compose.VolumesAsync(target, request, cancel);
                if (parse.GetValue(quiet)) { foreach (var v in volumes) compose.Terminal.Line(v.Name); return; }
                try { compose.Terminal.Out.Write(ListFormat.Render(parse.GetValue(format), DefaultTable, Schema, volumes)); }
                catch (TemplateException bad) { throw new UsageException($"template parsing error: {bad.Message}"); }
            }, cancel);
        });
        return command;
    }

    /// <summary>docker's volume listing columns.</summary>
    private const string DefaultTable = "table {{.Driver}}\t{{.Name}}";

    /// <summary>The fields of docker's volume formatter; the engine's list gives no size or link count, shown as docker shows them then.</summary>
    private static readonly TemplateSchema<VolumeSummary> Schema = new(
    [
        Field("Name", "VOLUME NAME", v => v.Name),
        Field("Driver", "DRIVER", v => v.Driver ?? ""),
        Field("Scope", "SCOPE", v => v.Scope ?? ""),
        Field("Mountpoint", "MOUNTPOINT", v => v.Mountpoint ?? ""),
        Field("Labels", "LABELS", v => string.Join(',', (v.Labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))),
        Field("Links", "LINKS", _ => "N/A"),
        Field("Size", "SIZE", _ => "N/A"),
    ], label: (v, key) => v.Labels?.GetValueOrDefault(key) ?? "");

    private static TemplateField<VolumeSummary> Field(string name, string header, Func<VolumeSummary, string> text) => new(name, header, v => TemplateValue.Of(text(v)));
}
