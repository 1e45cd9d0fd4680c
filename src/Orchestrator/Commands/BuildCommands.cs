using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class BuildCommand
{
    public static Command Create()
    {
        var noCache = Args.Flag("--no-cache", "Do not use cache when building the image");
        var pull = Args.Flag("--pull", "Always attempt to pull a newer version of the image");
        var quiet = Args.Flag("--quiet", "Don't print anything to STDOUT", "-q");
        var services = Args.Services();
        var flags = new BuildFlags();
        var command = new Command("build", "Build or rebuild services") { noCache, pull, quiet, services };
        foreach (var option in flags.Options) command.Options.Add(option);
        var push = AddPush(command);
        command.SetAction(async (parse, cancel) =>
        {
            flags.RefuseUnsupported(parse);
            var memory = flags.Memory(parse);
            var project = flags.WithBuildArgs(parse, ProjectSession.Load(parse));
            var desired = DesiredStateBuilder.Build(project, ProjectSession.SelectedServices(parse, services, project), flags.WithDependencies(parse));
            desired = desired with { Services = [.. desired.Services.Where(s => s.Source == ImageSource.Build)] };
            var terminal = CommandLine.Terminal(parse, quiet: parse.GetValue(quiet));
            if (flags.Print(parse)) { terminal.Line(BakeDefinition.Json(project, desired.Services)); return 0; }
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var reconciler = session.Reconciler(project, build: new() { NoCache = parse.GetValue(noCache), Pull = parse.GetValue(pull), Memory = memory },
                quietBuild: parse.GetValue(quiet));
            await reconciler.EnsureImagesAsync(desired, BuildPolicy.Always, cancel);
            if (parse.GetValue(push)) await PushCommand.PushAsync(session.Engine, terminal, project, desired.Services.Select(s => s.Name), parse.GetValue(quiet), ignoreFailures: false, cancel);
            return 0;
        });
        return command;
    }

    /// <summary>`build --push`: the built images go to their registries, as `push` sends them.</summary>
    private static Option<bool> AddPush(Command command)
    {
        var push = Args.Flag("--push", "Push service images");
        command.Options.Add(push);
        return push;
    }
}
