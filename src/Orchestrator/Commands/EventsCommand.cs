using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>`events [SERVICE...]`: the project's container events, streamed until Ctrl-C or --until.</summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var json = Args.Flag("--json", "Output events as a stream of json objects");
        var since = Args.Value<string?>("--since", "Show all events created since timestamp");
        var until = Args.Value<string?>("--until", "Stream events until this timestamp");
        var services = Args.Services();
        var command = new Command("events", "Receive real time events from containers") { json, since, until, services };
        command.SetAction((parse, cancel) =>
        {
            var now = DateTimeOffset.UtcNow;
            var request = new EventsRequest(parse.GetValue(services) ?? [])
            {
                Json = parse.GetValue(json),
                Since = EventTime.Parse(parse.GetValue(since), "--since", now),
                Until = EventTime.Parse(parse.GetValue(until), "--until", now),
            };
            return Compose.OnProjectAsync(parse, (compose, target) => compose.EventsAsync(target, request, cancel), cancel);
        });
        return command;
    }
}
