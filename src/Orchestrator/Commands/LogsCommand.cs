using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class LogsCommand
{
    public static Command Create()
    {
        var follow = Args.Flag("--follow", "Follow log output", "-f");
        var tail = Args.Value<string?>("--tail", "Number of lines to show from the end of the logs for each container (or \"all\")", "-n");
        var timestamps = Args.Flag("--timestamps", "Show timestamps", "-t");
        var noPrefix = Args.Flag("--no-log-prefix", "Don't print prefix in logs");
        var since = Args.Value<string?>("--since", "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)");
        var until = Args.Value<string?>("--until", "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)");
        var index = Args.Value<int?>("--index", "index of the container if service has multiple replicas");
        var noColor = Args.Flag("--no-color", "Produce monochrome output");
        var services = Args.Services();
        var command = new Command("logs", "View output from containers") { follow, tail, timestamps, noPrefix, since, until, index, noColor, services };
        command.SetAction(async (parse, cancel) =>
        {
            var tailValue = parse.GetValue(tail) ?? "all";
            if (tailValue != "all" && !int.TryParse(tailValue, out _)) throw new UsageException($"--tail: expected a number or \"all\", got '{tailValue}'");
            var project = ProjectSession.LoadOrName(parse);
            var selected = project.Services(parse, services);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var containers = await ProjectContainers.ListAsync(session.Engine, project.Name, selected, all: true, cancel);
            if (parse.GetValue(index) is { } number)
            {
                if (selected.Length != 1) throw new UsageException("--index requires exactly one service");
                containers = [.. containers.Where(c => ProjectContainers.NumberOf(c) == number)];
                if (containers.Count == 0) throw new UsageException($"service \"{selected[0]}\" is not running container #{number}");
            }
            var now = DateTimeOffset.UtcNow;
            var request = new LogRequest
            {
                Follow = parse.GetValue(follow), Tail = tailValue, Timestamps = parse.GetValue(timestamps),
                Since = EventTime.Parse(parse.GetValue(since), "--since", now),
                Until = EventTime.Parse(parse.GetValue(until), "--until", now),
            };
            var labels = containers.ToDictionary(c => c.Id, c => $"{ProjectContainers.ServiceOf(c)}-{ProjectContainers.NumberOf(c)}");
            var printer = new LogPrinter(terminal, labels.Values.Select(l => l.Length).DefaultIfEmpty(0).Max(), colour: !parse.GetValue(noColor));
            try
            {
                await Task.WhenAll(containers.Select(c => printer.FollowAsync(session.Engine, c.Id, labels[c.Id], request, !parse.GetValue(noPrefix), cancel)));
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
            return 0;
        });
        return command;
    }

}
