using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class UpCommand
{
    public static Command Create()
    {
        var detach = Args.Flag("--detach", "Detached mode: Run containers in the background", "-d");
        var converge = new ConvergeFlags();
        var noDeps = Args.Flag("--no-deps", "Don't start linked services");
        var noStart = Args.Flag("--no-start", "Don't start the services after creating them");
        var wait = Args.Flag("--wait", "Wait for services to be running|healthy. Implies detached mode");
        var waitTimeout = Args.Value<int?>("--wait-timeout", "Maximum duration in seconds to wait for the project to be running|healthy");
        var abortOnExit = Args.Flag("--abort-on-container-exit", "Stops all containers if any container was stopped");
        var exitCodeFrom = Args.Value<string?>("--exit-code-from", "Return the exit code of the selected service container. Implies --abort-on-container-exit");
        var timeout = Args.Value<int?>("--timeout", "Use this timeout in seconds for container shutdown", "-t");
        var watch = Args.Flag("--watch", "Watch source code and rebuild/refresh containers when files are updated", "-w");
        var abortOnFailure = Args.Flag("--abort-on-container-failure", "Stops all containers if any container exited with failure");
        var attach = Args.Many("--attach", "Restrict attaching to the specified services");
        var noAttach = Args.Many("--no-attach", "Do not attach (stream logs) to the specified services");
        var attachDependencies = Args.Flag("--attach-dependencies", "Automatically attach to log output of dependent services");
        var noColor = Args.Flag("--no-color", "Produce monochrome output");
        var noLogPrefix = Args.Flag("--no-log-prefix", "Don't print prefix in logs");
        var timestamps = Args.Flag("--timestamps", "Show timestamps");
        var alwaysRecreateDeps = Args.Flag("--always-recreate-deps", "Recreate dependent containers. Incompatible with --no-recreate");
        var quietBuild = Args.Flag("--quiet-build", "Suppress the build output");
        // composer has no interactive shortcuts; accepted so scripts that pass it run.
        var menu = Args.Flag("--menu", "Enable interactive shortcuts when running attached (composer has none: accepted, no effect)");
        var services = Args.Services();
        var command = new Command("up", "Create and start containers") { detach };
        converge.AddTo(command);
        foreach (var option in new Option[] { noDeps, noStart, wait, waitTimeout, abortOnExit, exitCodeFrom, timeout, watch, abortOnFailure, attach, noAttach,
                     attachDependencies, noColor, noLogPrefix, timestamps, alwaysRecreateDeps, quietBuild, menu })
            command.Options.Add(option);
        command.Arguments.Add(services);

        command.SetAction(async (parse, cancel) =>
        {
            converge.Check(parse);
            if (parse.GetValue(detach) && (parse.GetValue(abortOnExit) || parse.GetValue(exitCodeFrom) is not null || parse.GetValue(abortOnFailure)))
                throw new UsageException("--detach and --abort-on-container-exit/--abort-on-container-failure/--exit-code-from are incompatible");
            if (parse.GetValue(abortOnExit) && parse.GetValue(abortOnFailure))
                throw new UsageException("--abort-on-container-exit and --abort-on-container-failure are incompatible");
            if (parse.GetValue(attachDependencies) && parse.GetValue(attach) is { Length: > 0 })
                throw new UsageException("--attach-dependencies and --attach are incompatible");

            var watching = parse.GetValue(watch);
            if (watching && (parse.GetValue(detach) || parse.GetValue(wait) || parse.GetValue(noStart)))
                throw new UsageException("--watch stays attached: it cannot be combined with --detach, --wait or --no-start");

            var project = ProjectSession.Load(parse);
            var create = converge.Request(parse, parse.GetValue(services) ?? []);
            var request = new UpRequest
            {
                Create = create with
                {
                    NoDeps = parse.GetValue(noDeps),
                    Containers = create.Containers with { NoStart = parse.GetValue(noStart) },
                    QuietBuild = parse.GetValue(quietBuild),
                    RecreateDependencies = parse.GetValue(alwaysRecreateDeps),
                    StopTimeout = parse.GetValue(timeout),
                },
                Detach = parse.GetValue(detach),
                Wait = parse.GetValue(wait),
                WaitTimeout = parse.GetValue(waitTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Watch = watching,
                EnvFiles = ProjectSession.EnvFilesFrom(parse),
                Attach = new AttachRequest
                {
                    Only = parse.GetValue(attach) ?? [],
                    Not = parse.GetValue(noAttach) ?? [],
                    Dependencies = parse.GetValue(attachDependencies),
                    Colour = !parse.GetValue(noColor),
                    LogPrefix = !parse.GetValue(noLogPrefix),
                    Timestamps = parse.GetValue(timestamps),
                    AbortOnExit = parse.GetValue(abortOnExit),
                    AbortOnFailure = parse.GetValue(abortOnFailure),
                    ExitCodeFrom = parse.GetValue(exitCodeFrom),
                },
            };
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            return await compose.UpAsync(project, request, cancel);
        });
        return command;
    }
}

internal static class ScaleParser
{
    /// <param name="flag">What the error names: the flag or argument the values came from.</param>
    public static Dictionary<string, int> Parse(string[]? values, string flag = "--scale")
    {
        var scale = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var parts = value.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[1], out var count) || count < 0)
                throw new UsageException($"{flag}: expected SERVICE=NUM, got '{value}'");
            scale[parts[0]] = count;
        }
        return scale;
    }
}
