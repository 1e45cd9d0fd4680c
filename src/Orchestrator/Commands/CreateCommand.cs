using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Commands;

/// <summary>`create`: what `up --no-start` does (images, networks, volumes, containers), under Compose's own verb.</summary>
internal static class CreateCommand
{
    public static Command Create()
    {
        var build = Args.Flag("--build", "Build images before starting containers");
        var noBuild = Args.Flag("--no-build", "Don't build an image, even if it's missing");
        var forceRecreate = Args.Flag("--force-recreate", "Recreate containers even if their configuration and image haven't changed");
        var noRecreate = Args.Flag("--no-recreate", "If containers already exist, don't recreate them");
        var removeOrphans = Args.Flag("--remove-orphans", "Remove containers for services not defined in the Compose file");
        var scale = Args.Many("--scale", "Scale SERVICE to NUM instances (SERVICE=NUM)");
        var services = Args.Services();
        var command = new Command("create", "Creates containers for a service")
        {
            build, noBuild, forceRecreate, noRecreate, removeOrphans, scale, services,
        };
        command.SetAction(async (parse, cancel) =>
        {
            if (parse.GetValue(build) && parse.GetValue(noBuild)) throw new UsageException("--build and --no-build are incompatible");
            if (parse.GetValue(forceRecreate) && parse.GetValue(noRecreate)) throw new UsageException("--force-recreate and --no-recreate are incompatible");
            var project = ProjectSession.Load(parse);
            var desired = DesiredStateBuilder.Build(project, parse.GetValue(services) ?? [], true, ScaleParser.Parse(parse.GetValue(scale)));
            var terminal = CommandLine.Terminal(parse);
            var policy = parse.GetValue(build) ? BuildPolicy.Always : parse.GetValue(noBuild) ? BuildPolicy.Never : BuildPolicy.IfMissing;
            var options = new UpOptions
            {
                ForceRecreate = parse.GetValue(forceRecreate),
                NoRecreate = parse.GetValue(noRecreate),
                RemoveOrphans = parse.GetValue(removeOrphans),
                NoStart = true,
            };
            await using var session = await EngineSession.OpenAsync(terminal, cancel);
            await UpCommand.ConvergeAsync(session, session.Reconciler(project), project.Name, desired, policy, options, terminal, cancel);
            return 0;
        });
        return command;
    }
}
