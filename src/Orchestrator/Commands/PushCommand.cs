using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`push`: the services' built images to their registries.</summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var ignoreFailures = Args.Flag("--ignore-push-failures", "Push what it can and ignores images with push failures");
        var includeDeps = Args.Flag("--include-deps", "Also push images of services declared as dependencies");
        var quiet = Args.Flag("--quiet", "Push without printing progress information", "-q");
        var services = Args.Services();
        var command = new Command("push", "Push service images") { ignoreFailures, includeDeps, quiet, services };
        command.SetAction(async (parse, cancel) =>
        {
            var request = new PushRequest(parse.GetValue(services) ?? [])
            {
                IncludeDeps = parse.GetValue(includeDeps),
                Quiet = parse.GetValue(quiet),
                IgnoreFailures = parse.GetValue(ignoreFailures),
            };
            var project = ProjectSession.Load(parse);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            await compose.PushAsync(project, request, cancel);
            return 0;
        });
        return command;
    }
}
