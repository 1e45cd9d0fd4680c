using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>start, stop, restart, kill, rm, pause, unpause: one engine call per existing container.</summary>
internal static class LifecycleCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return StartCommand.Create();
        var stopTimeout = Args.Value<int?>("--timeout", "Specify a shutdown timeout in seconds", "-t");
        yield return Verb("stop", "Stop services", all: false, (e, c, p, t, ct) => e.StopContainerAsync(c.Id, GraceSeconds(p, stopTimeout, t, c), ct),
            [stopTimeout], userStop: p => p.GetValue(stopTimeout) ?? 10);
        yield return RestartCommand.Create();
        var signal = Args.Value<string?>("--signal", "SIGNAL to send to the container", "-s");
        var removeOrphans = Args.Flag("--remove-orphans", "Remove containers for services not defined in the Compose file");
        yield return Verb("kill", "Force stop service containers", all: false, (e, c, p, _, ct) => e.KillContainerAsync(c.Id, p.GetValue(signal) ?? "SIGKILL", ct),
            [signal, removeOrphans], userStop: _ => 0,
            after: (session, parse, target, _, ct) => parse.GetValue(removeOrphans) || ComposeVariables.RemoveOrphans ? RemoveOrphansAsync(session, target, ct) : Task.CompletedTask);
        yield return Verb("pause", "Pause services", all: false, (e, c, _, _, ct) => e.PauseContainerAsync(c.Id, ct));
        yield return Verb("unpause", "Unpause services", all: true, (e, c, _, _, ct) => e.UnpauseContainerAsync(c.Id, ct));
        yield return Remove();
    }

    /// <summary>
    /// The grace a stop gives a container: -t, else its service's stop_grace_period (as the
    /// executor gives it), else the engine's default.
    /// </summary>
    public static int GraceSeconds(ParseResult parse, Option<int?> timeout, ProjectTarget target, ContainerSummary container) =>
        parse.GetValue(timeout) ?? Reconciler.Containers.StopGrace.Seconds(
            target.Project?.Services.GetValueOrDefault(ProjectContainers.ServiceOf(container)) is { } service
                ? Reconciler.Containers.StopGrace.Of(service) : Reconciler.Containers.StopGrace.Default);

    /// <summary>kill --remove-orphans: the project's containers of services the compose file no longer declares go.</summary>
    private static async Task RemoveOrphansAsync(EngineSession session, ProjectTarget target, CancellationToken cancel)
    {
        if (target.Project is not { } project) throw new UsageException("--remove-orphans needs the compose file: without it no service is an orphan");
        var all = await ProjectContainers.ListAsync(session.Engine, project.Name, [], all: true, cancel);
        foreach (var orphan in all.Where(c => !project.Services.ContainsKey(ProjectContainers.ServiceOf(c))))
        {
            await session.Engine.RemoveContainerAsync(orphan.Id, force: true, volumes: false, cancel);
            session.Terminal.Status($" Container {ProjectContainers.Name(orphan)}  Removed");
        }
    }

    /// <param name="userStop">For verbs that stop containers on purpose: the grace in seconds the agent gets to stop
    /// one it was restarting at that moment. The agent is told before we list, so it leaves them down.</param>
    /// <param name="after">Runs once every container was acted on, given the services named (kill --remove-orphans, start --wait).</param>
    public static Command Verb(string name, string description, bool all,
        Func<IEngineClient, ContainerSummary, ParseResult, ProjectTarget, CancellationToken, Task> act, Option[]? options = null,
        Func<ParseResult, int>? userStop = null, Func<EngineSession, ParseResult, ProjectTarget, string[], CancellationToken, Task>? after = null)
    {
        var services = Args.Services();
        var command = new Command(name, description) { services };
        foreach (var option in options ?? []) command.Options.Add(option);
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.LoadOrName(parse);
            var selected = project.Services(parse, services);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            // The agent hears first and answers once its restarts in flight are undone; then we look:
            // a container it was restarting a moment ago is down, or running and in our list.
            if (userStop is not null) await TellAgentAsync(session.Engine, project.Name, selected, userStop(parse), cancel);
            var containers = await ProjectContainers.ListAsync(session.Engine, project.Name, selected, all, cancel);
            await Task.WhenAll(containers.Select(async c =>
            {
                await act(session.Engine, c, parse, project, cancel);
                terminal.Status($" Container {ProjectContainers.Name(c)}  {Past(name)}");
            }));
            if (after is not null) await after(session, parse, project, selected, cancel);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A running agent must not restart what the user stops, including containers that are down
    /// between two restarts right now (stopping those is no event the agent could see).
    /// </summary>
    public static async Task TellAgentAsync(IEngineClient engine, string project, string[] services, int graceSeconds, CancellationToken cancel)
    {
        using var agent = await Agent.AgentClient.ConnectAsync(cancel);
        if (agent is null) return;
        var all = await ProjectContainers.ListAsync(engine, project, services, true, cancel);
        await agent.StoppedAsync(all.Select(c => c.Id), graceSeconds, cancel);
    }

    private static Command Remove()
    {
        var force = Args.Flag("--force", "Don't ask to confirm removal", "-f");
        var stop = Args.Flag("--stop", "Stop the containers, if required, before removing", "-s");
        var volumes = Args.Flag("--volumes", "Remove any anonymous volumes attached to containers", "-v");
        var services = Args.Services();
        var command = new Command("rm", "Removes stopped service containers") { force, stop, volumes, services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.LoadOrName(parse);
            var selected = project.Services(parse, services);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            var containers = await ProjectContainers.ListAsync(session.Engine, project.Name, selected, all: true, cancel);
            foreach (var container in containers)
            {
                if (container.State == "running")
                {
                    if (!parse.GetValue(stop)) continue;
                    await session.Engine.StopContainerAsync(container.Id, 10, cancel);
                }
                await session.Engine.RemoveContainerAsync(container.Id, force: false, volumes: parse.GetValue(volumes), cancel);
                terminal.Status($" Container {ProjectContainers.Name(container)}  Removed");
            }
            return 0;
        });
        return command;
    }

    public static string Past(string verb) => verb switch
    {
        "start" => "Started",
        "stop" => "Stopped",
        "restart" => "Restarted",
        "kill" => "Killed",
        "pause" => "Paused",
        _ => "Unpaused",
    };
}
