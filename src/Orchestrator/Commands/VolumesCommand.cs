using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output.Templates;
using Composer.Reconciler;
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
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.LoadOrName(parse);
            var selected = project.Services(parse, services);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var volumes = await ListAsync(session.Engine, project.Name, selected, cancel);
            if (parse.GetValue(quiet)) { foreach (var v in volumes) terminal.Line(v.Name); return 0; }
            try { terminal.Out.Write(ListFormat.Render(parse.GetValue(format), DefaultTable, Schema, volumes)); }
            catch (TemplateException bad) { throw new UsageException($"template parsing error: {bad.Message}"); }
            return 0;
        });
        return command;
    }

    private static async Task<List<VolumeSummary>> ListAsync(IEngineClient engine, string project, string[] services, CancellationToken cancellationToken)
    {
        var volumes = (await engine.ListVolumesAsync([$"{Labels.Project}={project}"], cancellationToken)).OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        if (services.Length == 0) return volumes;
        // As compose: what the services' running containers mount.
        var containers = await ProjectContainers.ListAsync(engine, project, services, all: false, cancellationToken, includeOneOff: true);
        var mounted = containers.SelectMany(c => c.Mounts ?? []).Select(m => m.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. volumes.Where(v => mounted.Contains(v.Name))];
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
