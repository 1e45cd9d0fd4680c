using System.CommandLine;
using System.Reflection;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler;

namespace Composer.Orchestrator.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var shortOption = Args.Flag("--short", "Shows only Composer's version number");
        var command = new Command("version", "Show the Composer version information") { shortOption };
        command.SetAction(async (parse, cancel) =>
        {
            var terminal = CommandLine.Terminal(parse);
            var client = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
            if (parse.GetValue(shortOption)) { terminal.Line(client); return 0; }
            terminal.Line($"Composer version {client}");
            await using var session = await EngineSession.OpenAsync(terminal, cancel);
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
        var command = new Command("ls", "List running compose projects") { all, quiet };
        command.SetAction(async (parse, cancel) =>
        {
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(terminal, cancel);
            var containers = await session.Engine.ListContainersAsync(all: true, labelFilters: [Labels.Project], cancel);
            var projects = containers.GroupBy(c => c.Labels![Labels.Project]).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Name: g.Key, Running: g.Count(c => c.State == "running"), Total: g.Count(),
                    Files: g.First().Labels!.GetValueOrDefault(Labels.ConfigFiles) ?? ""))
                .Where(p => parse.GetValue(all) || p.Running > 0).ToList();
            if (parse.GetValue(quiet)) { foreach (var p in projects) terminal.Line(p.Name); return 0; }
            terminal.Line($"{"NAME",-24} {"STATUS",-24} CONFIG FILES");
            foreach (var p in projects)
            {
                var status = p.Running == p.Total ? $"running({p.Running})" : $"running({p.Running}), exited({p.Total - p.Running})";
                terminal.Line($"{p.Name,-24} {status,-24} {p.Files}");
            }
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
        var services = Args.Services();
        var command = new Command("events", "Receive real time events from containers") { json, services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.Load(parse);
            var selected = parse.GetValue(services) ?? [];
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(terminal, cancel);
            var filters = new EventFilters { Type = ["container"], Labels = [$"{Labels.Project}={project.Name}"] };
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
                        ? $"{{\"time\":\"{time}\",\"type\":\"container\",\"action\":{PsCommand.JsonString(e.Action ?? "")},\"id\":\"{e.Actor?.ID}\",\"service\":{PsCommand.JsonString(service)},\"name\":{PsCommand.JsonString(name)}}}"
                        : $"{time} container {e.Action} {e.Actor?.ID} (name={name}, service={service})");
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
            return 0;
        });
        return command;
    }
}
