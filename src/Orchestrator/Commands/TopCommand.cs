using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>`top [SERVICE...]`: the processes running in the services' containers.</summary>
internal static class TopCommand
{
    public static Command Create()
    {
        var services = Args.Services();
        var command = new Command("top", "Display the running processes") { services };
        command.SetAction((parse, cancel) =>
        {
            var request = new TopRequest(parse.GetValue(services) ?? []);
            return Compose.OnProjectAsync(parse, (compose, target) => compose.TopAsync(target, request, cancel), cancel);
        });
        return command;
    }
}
