using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

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
            var project = ProjectSession.Load(parse);
            var selected = ProjectSession.SelectedServices(parse, services, project);
            var watched = ProjectWatch.Services(project, selected);
            var terminal = CommandLine.Terminal(parse);
            var flags = new WatchFlags(parse.GetValue(prune), parse.GetValue(quiet));

            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            if (!parse.GetValue(noUp))
            {
                var desired = DesiredStateBuilder.Build(project, [.. watched]);
                var reconciler = session.Reconciler(project, quietBuild: flags.Quiet);
                await UpCommand.ConvergeAsync(session, reconciler, project.Name, desired, BuildPolicy.IfMissing, new UpOptions(), terminal, cancel);
            }
            await ProjectWatch.RunAsync(session, project, watched, flags, terminal, cancel);
            return cancel.IsCancellationRequested ? 130 : 0;
        });
        return command;
    }
}
