using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`stop`: the running containers of the services, each given -t or its stop_grace_period.</summary>
internal static class StopCommand
{
    public static Command Create()
    {
        var timeout = Args.Value<int?>("--timeout", "Specify a shutdown timeout in seconds", "-t");
        var services = Args.Services();
        var command = new Command("stop", "Stop services") { services, timeout };
        command.SetAction((parse, cancel) =>
        {
            var request = new StopRequest(parse.GetValue(services) ?? [], parse.GetValue(timeout));
            return Compose.OnProjectAsync(parse, (compose, target) => compose.StopAsync(target, request, cancel), cancel);
        });
        return command;
    }
}
