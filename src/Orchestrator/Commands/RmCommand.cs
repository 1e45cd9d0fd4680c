using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`rm`: the stopped containers of the services (running ones too with --stop).</summary>
internal static class RmCommand
{
    public static Command Create()
    {
        // composer asks no questions, so there is nothing to confirm; kept so scripts that pass it run.
        var force = Args.Flag("--force", "Don't ask to confirm removal", "-f");
        var stop = Args.Flag("--stop", "Stop the containers, if required, before removing", "-s");
        var volumes = Args.Flag("--volumes", "Remove any anonymous volumes attached to containers", "-v");
        var services = Args.Services();
        var command = new Command("rm", "Removes stopped service containers") { force, stop, volumes, services };
        command.SetAction((parse, cancel) =>
        {
            var request = new RemoveRequest(parse.GetValue(services) ?? []) { Stop = parse.GetValue(stop), Volumes = parse.GetValue(volumes) };
            return Compose.OnProjectAsync(parse, (compose, target) => compose.RemoveAsync(target, request, cancel), cancel);
        });
        return command;
    }
}
