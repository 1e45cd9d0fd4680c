using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Reconciler;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

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
        // The global --dry-run: this verb prints its plan instead of walking it.
        var dryRun = GlobalOptions.DryRun;
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
            var selected = parse.GetValue(services) ?? [];
            // Told before anything starts: nothing to watch.
            var watched = watching ? ProjectWatch.Services(project, selected) : [];
            var desired = converge.Pull.Apply(parse, DesiredStateBuilder.Build(project, selected, !parse.GetValue(noDeps), converge.Scale(parse), parse.GetValue(GlobalOptions.AllResources)));
            var terminal = CommandLine.Terminal(parse);
            var policy = converge.Policy(parse);
            var options = converge.Options(parse, noStart: parse.GetValue(noStart));
            if (parse.GetValue(alwaysRecreateDeps))
            {
                if (options.NoRecreate) throw new UsageException("--always-recreate-deps and --no-recreate are incompatible");
                // The services started only because those named depend on them (none when none are named).
                options = options with { ForceRecreateServices = [.. desired.Services.Select(s => s.Name).Where(name => selected.Length > 0 && !selected.Contains(name))] };
            }

            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            // Detached and whole: a running agent keeps it that way from now on, and alone owns its restarts.
            using var agent = (parse.GetValue(detach) || parse.GetValue(wait)) && selected.Length == 0 && !options.NoStart && !parse.GetValue(dryRun)
                ? await Agent.AgentClient.ConnectAsync(cancel) : null;
            // -t is the grace of every stop `up` makes: a recreate's (stop-first or rollout) as well as an attached up's end.
            var reconciler = session.Reconciler(project, stopTimeout: parse.GetValue(timeout), supervisedRestarts: agent is not null,
                quietBuild: parse.GetValue(quietBuild), quietPull: converge.Pull.Quiet(parse));
            if (parse.GetValue(dryRun))
            {
                terminal.Line((await reconciler.PlanImagesAsync(desired, policy, cancel)).ToString().TrimEnd());
                terminal.Line((await reconciler.PlanUpAsync(desired, options, cancel)).ToString().TrimEnd());
                return 0;
            }

            // Registered before the lock is let go, with this up's --scale: the agent's next pass
            // (waiting on the lock) keeps what this up made instead of undoing it.
            Func<Task>? register = agent is null ? null : async () =>
            {
                await agent.RegisterAsync(Agent.Registration.Of(project, ProjectSession.EnvFilesFrom(parse), converge.Scale(parse)), cancel);
                terminal.Status($"{project.Name}: registered with the agent on {agent.Socket}, which now keeps it converged");
            };
            await ConvergeAsync(session, reconciler, project.Name, desired, policy, options, terminal, cancel, whileLocked: register);

            if (parse.GetValue(wait))
            {
                TimeSpan? limit = parse.GetValue(waitTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
                await reconciler.WaitReadyAsync(desired, limit, cancel);
                return 0;
            }
            if (parse.GetValue(detach) || options.NoStart) return 0;

            var attached = new AttachedRun(session.Engine, terminal, project.Name, desired)
            {
                AbortOnFailure = parse.GetValue(abortOnFailure),
                Attached = AttachedServices(project, desired, selected, parse.GetValue(attach) ?? [], parse.GetValue(noAttach) ?? [], parse.GetValue(attachDependencies)),
                LogPrefix = !parse.GetValue(noLogPrefix),
                Colour = !parse.GetValue(noColor),
                Timestamps = parse.GetValue(timestamps),
                AbortOnExit = parse.GetValue(abortOnExit) || parse.GetValue(exitCodeFrom) is not null,
                ExitCodeFrom = parse.GetValue(exitCodeFrom),
                StopTimeout = parse.GetValue(timeout),
                StayWhenAllExited = watching,
            };
            if (!watching) return await attached.RunAsync(reconciler, cancel);
            // Both end on Ctrl-C: the watch quietly, the attached run by stopping the stack as attached `up` does.
            using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var watchTask = ProjectWatch.RunAsync(session, project, watched, new WatchFlags(), terminal, stopWatching.Token);
            var code = await attached.RunAsync(reconciler, cancel);
            await stopWatching.CancelAsync();
            await watchTask;
            return code;
        });
        return command;
    }

    /// <summary>
    /// Whose output an attached `up` shows, as docker compose: the services named (their
    /// dependencies too with --attach-dependencies), all when none are named; --attach picks
    /// exactly, --no-attach takes away.
    /// </summary>
    private static HashSet<string> AttachedServices(Model.Project project, DesiredState desired, string[] selected, string[] attach, string[] noAttach,
        bool withDependencies)
    {
        ProjectSession.Declared(project, [.. attach, .. noAttach]);
        IEnumerable<string> shown = attach.Length > 0 ? attach
            : selected.Length > 0 && !withDependencies ? selected
            : desired.Services.Select(s => s.Name);
        return shown.Except(noAttach, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Images, then containers, under the project's lock; the plan's warnings printed after the live view.</summary>
    /// <param name="whileLocked">Runs once converged, still under the lock.</param>
    public static async Task ConvergeAsync(EngineSession session, ProjectReconciler reconciler, string projectName, DesiredState desired,
        BuildPolicy policy, UpOptions options, Terminal terminal, CancellationToken cancel, Func<Task>? whileLocked = null)
    {
        Reconciler.Planning.Plan plan;
        // Held while observing, planning and executing; not while attached, so others may `up` meanwhile.
        using (await ProjectLock.AcquireAsync(projectName, terminal, cancel))
        {
            Reconciler.Planning.Plan? done = null;
            await session.ShowProgressAsync(async () =>
            {
                await reconciler.EnsureImagesAsync(desired, policy, cancel);
                done = await reconciler.UpAsync(desired, options, cancel);
            });
            plan = done!;
            if (whileLocked is not null) await whileLocked();
        }
        foreach (var warning in plan.Warnings) terminal.Warn(warning);
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
