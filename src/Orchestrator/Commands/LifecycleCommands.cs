using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>start, stop, restart, kill, rm, pause, unpause: one engine call per existing container.</summary>
internal static class LifecycleCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Verb("start", "Start services", all: true, (e, c, _, ct) => e.StartContainerAsync(c.Id, ct));
        var stopTimeout = Args.Value<int?>("--timeout", "Specify a shutdown timeout in seconds", "-t");
        yield return Verb("stop", "Stop services", all: false, (e, c, p, ct) => e.StopContainerAsync(c.Id, p.GetValue(stopTimeout) ?? 10, ct),
            [stopTimeout], userStop: p => p.GetValue(stopTimeout) ?? 10);
        var restartTimeout = Args.Value<int?>("--timeout", "Specify a shutdown timeout in seconds", "-t");
        yield return Verb("restart", "Restart service containers", all: true, (e, c, p, ct) => e.RestartContainerAsync(c.Id, p.GetValue(restartTimeout) ?? 10, ct), [restartTimeout]);
        var signal = Args.Value<string?>("--signal", "SIGNAL to send to the container", "-s");
        yield return Verb("kill", "Force stop service containers", all: false, (e, c, p, ct) => e.KillContainerAsync(c.Id, p.GetValue(signal) ?? "SIGKILL", ct),
            [signal], userStop: _ => 0);
        yield return Verb("pause", "Pause services", all: false, (e, c, _, ct) => e.PauseContainerAsync(c.Id, ct));
        yield return Verb("unpause", "Unpause services", all: true, (e, c, _, ct) => e.UnpauseContainerAsync(c.Id, ct));
        yield return Remove();
    }

    /// <param name="userStop">For verbs that stop containers on purpose: the grace in seconds the agent gets to stop
    /// one it was restarting at that moment. The agent is told before we list, so it leaves them down.</param>
    private static Command Verb(string name, string description, bool all,
        Func<IEngineClient, ContainerSummary, ParseResult, CancellationToken, Task> act, Option[]? options = null, Func<ParseResult, int>? userStop = null)
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
                await act(session.Engine, c, parse, cancel);
                terminal.Status($" Container {ProjectContainers.Name(c)}  {Past(name)}");
            }));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A running agent must not restart what the user stops, including containers that are down
    /// between two restarts right now (stopping those is no event the agent could see).
    /// </summary>
    private static async Task TellAgentAsync(IEngineClient engine, string project, string[] services, int graceSeconds, CancellationToken cancel)
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

    private static string Past(string verb) => verb switch
    {
        "start" => "Started",
        "stop" => "Stopped",
        "restart" => "Restarted",
        "kill" => "Killed",
        "pause" => "Paused",
        _ => "Unpaused",
    };
}
