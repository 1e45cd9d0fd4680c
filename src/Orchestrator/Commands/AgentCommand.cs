using System.CommandLine;
using System.Globalization;
using Composer.Orchestrator.Agent;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class AgentCommand
{
    public static Command Create()
    {
        var stateDir = Args.Value<string?>("--state-dir", $"State directory (default: $COMPOSER_STATE_DIR or {AgentOptions.DefaultStateDirectory})");
        var socket = Args.Value<string?>("--socket", "Control API socket (default: agent.sock in the state directory)");
        var config = Args.Value<string?>("--config", "Settings file (default: agent.json in the state directory)");
        var resync = Args.Value<double?>("--resync", "Seconds between full resyncs of every project (default: 30)");
        var command = new Command("agent", "Run the host agent: keep registered projects converged, own their restarts, run scheduled jobs")
        {
            stateDir, socket, config, resync, Add(), Remove(), Status(),
        };
        command.SetAction(async (parse, cancel) =>
        {
            var flags = new Dictionary<string, string?>();
            if (parse.GetValue(stateDir) is { } s) flags["StateDirectory"] = s;
            if (parse.GetValue(socket) is { } k) flags["Socket"] = k;
            if (parse.GetValue(resync) is { } r)
                flags["ResyncSeconds"] = r > 0 ? r.ToString(CultureInfo.InvariantCulture) : throw new UsageException("--resync: must be a positive number of seconds");
            return await AgentHost.RunAsync(parse.GetValue(config), flags, cancel);
        });
        return command;
    }

    private static Command Add()
    {
        var path = new Argument<string>("PATH") { Description = "Project directory or compose file", DefaultValueFactory = _ => "." };
        var command = new Command("add", "Register a project with the agent (global -f, -p, --env-file, --profile apply)") { path };
        command.SetAction(async (parse, cancel) =>
        {
            var target = Path.GetFullPath(parse.GetValue(path)!);
            var options = ProjectSession.Options(parse);
            options = File.Exists(target)
                ? options with { WorkingDirectory = Path.GetDirectoryName(target)!, ConfigFiles = [target, .. options.ConfigFiles] }
                : Directory.Exists(target) ? options with { WorkingDirectory = target }
                : throw new UsageException($"PATH: no such file or directory: {parse.GetValue(path)}");
            var project = ProjectSession.Checked(UninterruptedLoad.Load(options));
            var terminal = CommandLine.Terminal(parse);
            terminal.Line(await Registration.AddAsync(Registration.Of(project, options.EnvFiles), terminal.Warn, cancel));
            return 0;
        });
        return command;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("NAME") { Description = "Project name" };
        var command = new Command("rm", "Unregister a project: the agent stops converging it and hands its restarts back to the engine") { name };
        command.SetAction(async (parse, cancel) =>
        {
            var project = parse.GetValue(name)!;
            if (!await Registration.RemoveAsync(project, CommandLine.Terminal(parse).Warn, cancel)) throw new UsageException($"no registered project named {project}");
            CommandLine.Terminal(parse).Line($"{project}: unregistered");
            return 0;
        });
        return command;
    }

    private static Command Status()
    {
        var command = new Command("status", "Show the agent's projects and the state of every container it supervises");
        command.SetAction(async (parse, cancel) =>
        {
            using var agent = await AgentClient.RequireAsync(cancel);
            var status = await agent.StatusAsync(cancel);
            var terminal = CommandLine.Terminal(parse);
            var now = DateTimeOffset.UtcNow;
            terminal.Line($"agent {status.Version}, up {Age(now - status.StartedAt)}, socket {agent.Socket}");
            terminal.Line("");
            TextTable.Write(terminal, ["PROJECT", "DIRECTORY", "LAST PASS", "CONTAINERS"],
                status.Projects.Select(p => new[]
                {
                    p.Name, p.WorkingDirectory, p.LastReconcileAt is { } at ? $"{Age(now - at)} ago" : "never",
                    p.Containers.Count.ToString(CultureInfo.InvariantCulture),
                }));
            terminal.Line("");
            TextTable.Write(terminal, ["PROJECT", "SERVICE", "CONTAINER", "POLICY", "STATE", "RESTARTS", "LAST EXIT", "HEALTH"],
                status.Projects.SelectMany(p => p.Containers).Select(c => new[]
                {
                    c.Project, c.Service, c.Name, c.Policy, State(c, now),
                    c.Restarts.ToString(CultureInfo.InvariantCulture),
                    c.LastExit?.ToString(CultureInfo.InvariantCulture) ?? "-", c.Health ?? "-",
                }));
            var rollouts = status.Projects.SelectMany(p => (p.Rollouts ?? []).Select(r => (p.Name, r))).ToList();
            if (rollouts.Count > 0)
            {
                terminal.Line("");
                TextTable.Write(terminal, ["PROJECT", "SERVICE", "ROLLOUT", "SINCE"],
                    rollouts.Select(x => new[] { x.Name, x.r.Service, x.r.State, $"{Age(now - x.r.Since)} ago" }));
            }
            foreach (var project in status.Projects.Where(p => p.Error is not null))
                terminal.Warn($"{project.Name}: {project.Error}");
            return 0;
        });
        return command;
    }

    private static string State(Reconciler.Supervision.SupervisedContainer container, DateTimeOffset now) =>
        container.BackoffUntil is { } until ? $"backing off, next try in {Age(until - now)}" : container.State;

    public static string Age(TimeSpan span) => span.TotalSeconds switch
    {
        < 0 => "0s",
        < 10 => $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s",
        < 120 => $"{(int)span.TotalSeconds}s",
        < 7200 => $"{(int)span.TotalMinutes}m",
        _ => $"{(int)span.TotalHours}h",
    };
}
