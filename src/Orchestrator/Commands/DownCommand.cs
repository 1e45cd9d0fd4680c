using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Planning;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class DownCommand
{
    public static Command Create()
    {
        var volumes = Args.Flag("--volumes", "Remove named volumes declared in the volumes section of the Compose file and anonymous volumes attached to containers", "-v");
        var rmi = Args.Value<string?>("--rmi", "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")");
        var removeOrphans = Args.Flag("--remove-orphans", "Remove containers for services not defined in the Compose file");
        var timeout = Args.Value<int?>("--timeout", "Specify a shutdown timeout in seconds", "-t");
        var command = new Command("down", "Stop and remove containers, networks") { volumes, rmi, removeOrphans, timeout };

        command.SetAction(async (parse, cancel) =>
        {
            var images = parse.GetValue(rmi) switch
            {
                null => RemoveImages.None,
                "local" => RemoveImages.Local,
                "all" => RemoveImages.All,
                var other => throw new UsageException($"--rmi: invalid value '{other}' (expected local or all)"),
            };
            var target = ProjectSession.LoadOrName(parse);
            var request = new DownRequest
            {
                Remove = new DownOptions { RemoveVolumes = parse.GetValue(volumes), RemoveOrphans = parse.GetValue(removeOrphans) || ComposeVariables.RemoveOrphans, RemoveImages = images },
                StopTimeout = parse.GetValue(timeout),
            };
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            await compose.DownAsync(target, request, cancel);
            return 0;
        });
        return command;
    }
}
