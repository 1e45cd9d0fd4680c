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
            var request = new BuildRequest(parse.GetValue(services) ?? [])
            {
                WithDependencies = flags.WithDependencies(parse),
                NoCache = parse.GetValue(noCache),
                Pull = parse.GetValue(pull),
                Quiet = parse.GetValue(quiet),
                Memory = flags.Memory(parse),
                BuildArgs = flags.BuildArgs(parse),
                Push = parse.GetValue(push),
            };
            var project = flags.WithSsh(ProjectSession.Load(parse), parse);
            var terminal = CommandLine.Terminal(parse, quiet: request.Quiet);
            if (flags.Print(parse))
            {
                terminal.Line(ComposeService.BakeFile(project, request));
                return 0;
            }
            await using var compose = await Compose.OpenAsync(parse, terminal, cancel);
            await compose.BuildAsync(project, request, cancel);
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
