using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`kill`: a signal (SIGKILL by default) to the running containers of the services.</summary>
internal static class KillCommand
{
    public static Command Create()
    {
        var signal = Args.Value<string?>("--signal", "SIGNAL to send to the container", "-s");
        var removeOrphans = Args.Flag("--remove-orphans", "Remove containers for services not defined in the Compose file");
        var services = Args.Services();
        var command = new Command("kill", "Force stop service containers") { services, signal, removeOrphans };
        command.SetAction((parse, cancel) =>
        {
            var request = new KillRequest(parse.GetValue(services) ?? [])
            {
                Signal = parse.GetValue(signal) ?? "SIGKILL",
                RemoveOrphans = parse.GetValue(removeOrphans) || ComposeVariables.RemoveOrphans,
            };
            return Compose.OnProjectAsync(parse, (compose, target) => compose.KillAsync(target, request, cancel), cancel);
        });
        return command;
    }
}
