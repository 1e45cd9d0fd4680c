using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Orchestrator.Output.Templates;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `composer stats [SERVICE]`: the project's containers' resource usage, as `docker compose stats`
/// shows it: redrawn every second until Ctrl-C, or one snapshot with --no-stream.
/// </summary>
internal static class StatsCommand
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var all = Args.Flag("--all", "Show all containers (default shows just running)", "-a");
        var format = new Option<string>("--format")
        {
            Description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Name}} {{.CPUPerc}}'",
        };
        var noStream = Args.Flag("--no-stream", "Disable streaming stats and only pull the first result");
        var noTrunc = Args.Flag("--no-trunc", "Do not truncate output");
        var services = Args.Services();
        var command = new Command("stats", "Display a live stream of container(s) resource usage statistics") { all, format, noStream, noTrunc, services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.LoadOrName(parse);
            var selected = project.Services(parse, services);
            if (selected.Length > 1) throw new UsageException($"stats takes at most one SERVICE, got {selected.Length}: {string.Join(' ', selected)}");
            var template = parse.GetValue(format);
            // A bad template is refused before the engine is asked anything.
            Render(template, []);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var live = !parse.GetValue(noStream);
            try
            {
                do
                {
                    var next = Task.Delay(Interval, cancel);
                    var rows = await SnapshotAsync(session.Engine, project.Name, selected, parse.GetValue(all), !parse.GetValue(noTrunc), cancel);
                    var text = Render(template, rows);
                    // On a terminal each snapshot replaces the last; elsewhere they follow one another.
                    terminal.Out.Write(live && !Console.IsOutputRedirected ? "\u001b[H\u001b[2J" + text : text);
                    terminal.Out.Flush();
                    if (live) await next;
                }
                while (live);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested && live) { }
            return 0;
        });
        return command;
    }

    private static string Render(string? format, IEnumerable<StatsRow> rows)
    {
        try { return ListFormat.Render(format, StatsRow.DefaultTable, StatsRow.Schema, rows); }
        catch (TemplateException bad) { throw new UsageException($"template parsing error: {bad.Message}"); }
    }

    /// <summary>One sample per container, in parallel (the engine takes about a second for each); a container gone meanwhile is left out.</summary>
    private static async Task<List<StatsRow>> SnapshotAsync(IEngineClient engine, string project, string[] services, bool all,
        bool truncate, CancellationToken cancellationToken)
    {
        // As docker compose: every container with the project's label, `run` containers included.
        var containers = await ProjectContainers.ListAsync(engine, project, services, all, cancellationToken, includeOneOff: true);
        var samples = await Task.WhenAll(containers.Select(async container =>
        {
            try { return StatsSample.Parse(await engine.ContainerStatsAsync(container.Id, cancellationToken)); }
            catch (EngineNotFoundException) { return null; }
        }));
        return [.. containers.Zip(samples).Where(pair => pair.Second is not null)
            .Select(pair => new StatsRow(PsRow.ShortId(pair.First.Id), pair.Second!, truncate))];
    }
}
