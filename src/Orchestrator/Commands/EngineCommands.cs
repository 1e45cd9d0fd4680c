using System.CommandLine;
using System.Reflection;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Reconciler;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var shortOption = Args.Flag("--short", "Shows only Composer's version number");
        var format = Args.Format("pretty");
        format.Aliases.Add("-f"); // docker compose's short form, kept from the docker CLI plugin
        var command = new Command("version", "Show the Composer version information") { shortOption, format };
        command.SetAction(async (parse, cancel) =>
        {
            var terminal = CommandLine.Terminal(parse);
            var client = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
            if (parse.GetValue(shortOption)) { terminal.Line(client); return 0; }
            // Like `docker compose version --format json`, the client's version alone: no engine needed.
            if (parse.GetValue(format) == "json") { terminal.Line(JsonText.Object(("version", client))); return 0; }
            terminal.Line($"Composer version {client}");
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var engine = await session.Engine.VersionAsync(cancel);
            terminal.Line($"Engine version {engine.Version} (API {engine.ApiVersion}, {engine.Os}/{engine.Arch})");
            return 0;
        });
        return command;
    }
}

internal static class LsCommand
{
    public static Command Create()
    {
        var all = Args.Flag("--all", "Show all stopped Compose projects", "-a");
        var quiet = Args.Flag("--quiet", "Only display project names", "-q");
        var format = Args.Format("table");
        var filter = Args.Many("--filter", "Filter output based on conditions provided (name=REGEX)");
        var command = new Command("ls", "List running compose projects") { all, quiet, format, filter };
        command.SetAction(async (parse, cancel) =>
        {
            var terminal = CommandLine.Terminal(parse);
            var json = parse.GetValue(format) == "json";
            var names = ProjectNameFilter.Parse(parse.GetValue(filter) ?? []);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var containers = await session.Engine.ListContainersAsync(all: true, labelFilters: [Labels.Project], cancel);
            var projects = containers.GroupBy(c => c.Labels![Labels.Project]).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Running: g.Count(c => c.State == "running"), Total: g.Count(),
                    Files: g.First().Labels!.GetValueOrDefault(Labels.ConfigFiles) ?? ""))
                .Where(p => (parse.GetValue(all) || p.Running > 0) && ProjectNameFilter.Matches(names, p.Name)).ToList();
            if (parse.GetValue(quiet)) { foreach (var p in projects) terminal.Line(p.Name); return 0; }
            static string Status(int running, int total) =>
                running == total ? $"running({running})" : $"running({running}), exited({total - running})";
            if (json)
            {
                terminal.Line(JsonText.Array(projects.Select(p => new[] { ("Name", p.Name), ("Status", Status(p.Running, p.Total)), ("ConfigFiles", p.Files) })));
                return 0;
            }
            TextTable.Write(terminal, ["NAME", "STATUS", "CONFIG FILES"], [.. projects.Select(p => new[] { p.Name, Status(p.Running, p.Total), p.Files })]);
            return 0;
        });
        return command;
    }
}

internal static class EventsCommand
{
    public static Command Create()
    {
        var json = Args.Flag("--json", "Output events as a stream of json objects");
        var since = Args.Value<string?>("--since", "Show all events created since timestamp");
        var until = Args.Value<string?>("--until", "Stream events until this timestamp");
        var services = Args.Services();
        var command = new Command("events", "Receive real time events from containers") { json, since, until, services };
        command.SetAction(async (parse, cancel) =>
        {
            var now = DateTimeOffset.UtcNow;
            var from = EventTime.Parse(parse.GetValue(since), "--since", now);
            var to = EventTime.Parse(parse.GetValue(until), "--until", now);
            var project = ProjectSession.LoadOrName(parse);
            var selected = project.Services(parse, services);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            // With --until the engine ends the stream at that moment, and the verb with it.
            var filters = new EventFilters { Type = ["container"], Labels = [$"{Labels.Project}={project.Name}"], Since = from, Until = to };
            try
            {
                await foreach (var e in session.Engine.MonitorEventsAsync(filters, cancel))
                {
                    var attributes = e.Actor?.Attributes ?? new Dictionary<string, string>();
                    var service = attributes.GetValueOrDefault(Labels.Service) ?? "";
                    if (selected.Length > 0 && !selected.Contains(service)) continue;
                    var time = DateTimeOffset.FromUnixTimeMilliseconds((e.TimeNano ?? 0) / 1_000_000).ToString("yyyy-MM-ddTHH:mm:ss.fffK");
                    var name = attributes.GetValueOrDefault("name") ?? "";
                    terminal.Line(parse.GetValue(json)
                        ? JsonText.Object(("time", time), ("type", "container"), ("action", e.Action ?? ""), ("id", e.Actor?.ID ?? ""), ("service", service), ("name", name))
                        : $"{time} container {e.Action} {e.Actor?.ID} (name={name}, service={service})");
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
            return 0;
        });
        return command;
    }
}
