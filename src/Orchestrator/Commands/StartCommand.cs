using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`start`: the existing containers of the services; with --wait, until they run (healthy where they have a healthcheck).</summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var wait = Args.Flag("--wait", "Wait for services to be running|healthy");
        var waitTimeout = Args.Value<int?>("--wait-timeout", "Maximum duration in seconds to wait for the project to be running|healthy");
        var services = Args.Services();
        var command = new Command("start", "Start services") { services, wait, waitTimeout };
        command.SetAction((parse, cancel) =>
        {
            var request = new StartRequest(parse.GetValue(services) ?? [])
            {
                Wait = parse.GetValue(wait),
                WaitTimeout = parse.GetValue(waitTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            };
            return Compose.OnProjectAsync(parse, (compose, target) => compose.StartAsync(target, request, cancel), cancel);
        });
        return command;
    }
}
