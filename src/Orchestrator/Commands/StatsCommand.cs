using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output.Templates;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `composer stats [SERVICE]`: the project's containers' resource usage, as `docker compose stats`
/// shows it: redrawn every second until Ctrl-C, or one snapshot with --no-stream.
/// </summary>
internal static class StatsCommand
{
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
            var request = new StatsRequest(parse.GetValue(services) ?? []) { All = parse.GetValue(all), Stream = !parse.GetValue(noStream) };
            var template = parse.GetValue(format);
            var truncate = !parse.GetValue(noTrunc);
            var target = ProjectSession.LoadOrName(parse);
            // A bad template is refused before the engine is asked anything.
            Render(template, []);
            var terminal = CommandLine.Terminal(parse);
            await using var compose = await Compose.OpenAsync(parse, terminal, cancel);
            try
            {
                await foreach (var snapshot in compose.StatsAsync(target, request, cancel))
                {
                    var text = Render(template, snapshot.Select(s => new StatsRow(PsRow.ShortId(s.ContainerId), s.Sample, truncate)));
                    // On a terminal each snapshot replaces the last; elsewhere they follow one another.
                    terminal.Out.Write(request.Stream && !Console.IsOutputRedirected ? "\u001b[H\u001b[2J" + text : text);
                    terminal.Out.Flush();
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested && request.Stream) { }
            return 0;
        });
        return command;
    }

    private static string Render(string? format, IEnumerable<StatsRow> rows)
    {
        try { return ListFormat.Render(format, StatsRow.DefaultTable, StatsRow.Schema, rows); }
        catch (TemplateException bad) { throw new UsageException($"template parsing error: {bad.Message}"); }
    }
}
