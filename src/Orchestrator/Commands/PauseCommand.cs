using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`pause`: the running containers of the services, frozen.</summary>
internal static class PauseCommand
{
    public static Command Create()
    {
        var services = Args.Services();
        var command = new Command("pause", "Pause services") { services };
        command.SetAction((parse, cancel) =>
        {
            var request = new PauseRequest(parse.GetValue(services) ?? []);
            return Compose.OnProjectAsync(parse, (compose, target) => compose.PauseAsync(target, request, cancel), cancel);
        });
        return command;
    }
}
