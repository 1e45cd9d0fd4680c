using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `composer watch [SERVICE...]`: brings the watched services up (unless --no-up), then applies
/// their `develop.watch` rules to every change until Ctrl-C. The containers keep running after it.
/// </summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var noUp = Args.Flag("--no-up", "Do not build & start services before watching");
        var prune = Args.Flag("--prune", "Prune dangling images on rebuild");
        var quiet = Args.Flag("--quiet", "Hide build output");
        var services = Args.Services();
        var command = new Command("watch", "Watch the build context of services and rebuild/refresh containers when files are updated") { noUp, prune, quiet };
        command.Arguments.Add(services);

        command.SetAction(async (parse, cancel) =>
        {
            var request = new WatchRequest(parse.GetValue(services) ?? [])
            {
                NoUp = parse.GetValue(noUp),
                Flags = new WatchFlags(parse.GetValue(prune), parse.GetValue(quiet)),
            };
            var project = ProjectSession.Load(parse);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            await compose.WatchAsync(project, request, cancel);
            return cancel.IsCancellationRequested ? 130 : 0;
        });
        return command;
    }
}
