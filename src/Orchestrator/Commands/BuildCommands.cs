using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

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
        command.SetAction(async (parse, cancel) =>
        {
            flags.RefuseUnsupported(parse);
            var memory = flags.Memory(parse);
            var project = flags.WithBuildArgs(parse, ProjectSession.Load(parse));
            var desired = DesiredStateBuilder.Build(project, ProjectSession.SelectedServices(parse, services, project), flags.WithDependencies(parse));
            desired = desired with { Services = [.. desired.Services.Where(s => s.Source == ImageSource.Build)] };
            var terminal = CommandLine.Terminal(parse, quiet: parse.GetValue(quiet));
            if (flags.Print(parse)) { terminal.Line(BakeDefinition.Json(project, desired.Services)); return 0; }
            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            var reconciler = session.Reconciler(project, build: new() { NoCache = parse.GetValue(noCache), Pull = parse.GetValue(pull), Memory = memory },
                quietBuild: parse.GetValue(quiet));
            await reconciler.EnsureImagesAsync(desired, BuildPolicy.Always, cancel);
            return 0;
        });
        return command;
    }
}

internal static class PullCommand
{
    public static Command Create()
    {
        var ignoreFailures = Args.Flag("--ignore-pull-failures", "Pull what it can and ignores images with pull failures");
        var quiet = Args.Flag("--quiet", "Pull without printing progress information", "-q");
        var services = Args.Services();
        var command = new Command("pull", "Pull service images") { ignoreFailures, quiet, services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.Load(parse);
            var desired = DesiredStateBuilder.Build(project, parse.GetValue(services) ?? [], withDependencies: false);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            foreach (var image in desired.Services.Where(s => s.Source == ImageSource.Pull).Select(s => s.Image).Distinct())
            {
                try
                {
                    await session.Engine.PullImageAsync(image, line => { if (!parse.GetValue(quiet)) terminal.Status(line); }, cancel);
                    terminal.Status($" Image {image}  Pulled");
                }
                catch (Exception error) when (parse.GetValue(ignoreFailures) && error is not OperationCanceledException)
                {
                    terminal.Warn($"{image}: {error.Message}");
                }
            }
            return 0;
        });
        return command;
    }
}
