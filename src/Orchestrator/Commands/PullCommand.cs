using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`pull`: refreshes the services' images from their registries.</summary>
internal static class PullCommand
{
    public static Command Create()
    {
        var ignoreFailures = Args.Flag("--ignore-pull-failures", "Pull what it can and ignores images with pull failures");
        var ignoreBuildable = Args.Flag("--ignore-buildable", "Ignore images that can be built");
        var includeDeps = Args.Flag("--include-deps", "Also pull services declared as dependencies");
        var policy = Args.Choice("--policy", "Apply pull policy (\"missing\"|\"always\")", "missing", "always");
        var quiet = Args.Flag("--quiet", "Pull without printing progress information", "-q");
        var services = Args.Services();
        var command = new Command("pull", "Pull service images") { ignoreFailures, ignoreBuildable, includeDeps, policy, quiet, services };
        command.SetAction(async (parse, cancel) =>
        {
            var request = new PullRequest(parse.GetValue(services) ?? [])
            {
                IncludeDeps = parse.GetValue(includeDeps),
                Policy = parse.GetValue(policy),
                IgnoreBuildable = parse.GetValue(ignoreBuildable),
                IgnoreFailures = parse.GetValue(ignoreFailures),
                Quiet = parse.GetValue(quiet),
            };
            var project = ProjectSession.Load(parse);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            await compose.PullAsync(project, request, cancel);
            return 0;
        });
        return command;
    }
}
