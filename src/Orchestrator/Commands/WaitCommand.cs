using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Planning;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `wait`: blocks until the containers of the services (all by default) stop, and exits with the
/// exit code of the first one to stop, as Compose does; with `--down-project`, that first stop
/// also brings the project down (containers and networks; volumes stay).
/// </summary>
internal static class WaitCommand
{
    public static Command Create()
    {
        var downProject = Args.Flag("--down-project", "Drops project when the first container stops");
        var services = Args.Services();
        var command = new Command("wait", "Block until containers of all (or specified) services stop.") { downProject, services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.Load(parse);
            var selected = ProjectSession.SelectedServices(parse, services, project);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var containers = await ProjectContainers.ListAsync(session.Engine, project.Name, selected, all: true, cancel, includeOneOff: true);
            if (containers.Count == 0) throw new UsageException($"no containers for project {project.Name}");

            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var waits = containers.Select(c => session.Engine.WaitContainerAsync(c.Id, stopWaiting.Token)).ToList();
            var exitCode = await await Task.WhenAny(waits);
            if (parse.GetValue(downProject))
            {
                await stopWaiting.CancelAsync();
                await session.DownAsync(new ProjectTarget(project), new DownRequest(), cancel);
            }
            else
            {
                await Task.WhenAll(waits);
            }
            return (int)exitCode;
        });
        return command;
    }
}
