using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
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
            var now = DateTimeOffset.UtcNow;
            var request = new LogsRequest(parse.GetValue(services) ?? [])
            {
                Index = parse.GetValue(index),
                Log = new LogRequest
                {
                    Follow = parse.GetValue(follow), Tail = tailValue, Timestamps = parse.GetValue(timestamps),
                    Since = EventTime.Parse(parse.GetValue(since), "--since", now),
                    Until = EventTime.Parse(parse.GetValue(until), "--until", now),
                },
                Colour = !parse.GetValue(noColor),
                Prefix = !parse.GetValue(noPrefix),
            };
            await Compose.OnProjectAsync(parse, (compose, target) => compose.LogsAsync(target, request, cancel), cancel);
            return 0;
        });
        return command;
    }

}
