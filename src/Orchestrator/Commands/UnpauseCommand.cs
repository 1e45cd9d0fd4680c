using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`unpause`: the paused containers of the services, thawed.</summary>
internal static class UnpauseCommand
{
    public static Command Create()
    {
        var services = Args.Services();
        var command = new Command("unpause", "Unpause services") { services };
        command.SetAction((parse, cancel) =>
        {
            var request = new PauseRequest(parse.GetValue(services) ?? []);
            return Compose.OnProjectAsync(parse, (compose, target) => compose.UnpauseAsync(target, request, cancel), cancel);
        });
        return command;
    }
}
