using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`restart`: the services' containers, dependencies first; dependents with `restart: true` too unless --no-deps.</summary>
internal static class RestartCommand
{
    public static Command Create()
    {
        var timeout = Args.Value<int?>("--timeout", "Specify a shutdown timeout in seconds", "-t");
        var noDeps = Args.Flag("--no-deps", "Don't restart dependent services");
        var services = Args.Services();
        var command = new Command("restart", "Restart service containers") { timeout, noDeps, services };
        command.SetAction((parse, cancel) =>
        {
            var request = new RestartRequest(parse.GetValue(services) ?? []) { Timeout = parse.GetValue(timeout), NoDeps = parse.GetValue(noDeps) };
            return Compose.OnProjectAsync(parse, (compose, target) => compose.RestartAsync(target, request, cancel), cancel);
        });
        return command;
    }
}
