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
            var request = new WaitRequest(parse.GetValue(services) ?? []) { DownProject = parse.GetValue(downProject) };
            var project = ProjectSession.Load(parse);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            return await compose.WaitAsync(project, request, cancel);
        });
        return command;
    }
}
