using Composer.Model;
using Composer.Engine;
using Composer.Orchestrator.Output;
using Composer.Reconciler;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Application;

/// <summary>
/// `up` without -d: streams every container's output prefixed by container (also of containers
/// that start while it runs), and stops the
/// project gracefully on Ctrl-C (a second Ctrl-C kills what is still running).
/// With --abort-on-container-exit the first container to exit stops the rest.
/// </summary>
internal sealed class AttachedRun(IEngineClient engine, Terminal terminal, string project, DesiredState desired)
{
    public bool AbortOnExit { get; init; }
    /// <summary>--abort-on-container-failure: the first container to exit non-zero stops the rest.</summary>
    public bool AbortOnFailure { get; init; }
    /// <summary>The services whose output is shown (--attach, --no-attach, --attach-dependencies); null: all started.</summary>
    public IReadOnlySet<string>? Attached { get; init; }
    /// <summary>--no-log-prefix, --no-color, --timestamps.</summary>
    public bool LogPrefix { get; init; } = true;
    public bool Colour { get; init; } = true;
    public bool Timestamps { get; init; }
    public string? ExitCodeFrom { get; init; }
    public int? StopTimeout { get; init; }
    /// <summary>`up --watch`: a rebuild replaces containers, so having none for a moment does not end the run.</summary>
    public bool StayWhenAllExited { get; init; }

    public async Task<int> RunAsync(ProjectReconciler reconciler, CancellationToken cancellationToken)
    {
        Interrupts.ForceWanted = true;
        var services = desired.Services.Select(s => s.Name).Where(name => Attached is null || Attached.Contains(name)).ToHashSet(StringComparer.Ordinal);
        using var stopLogs = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Events from before the listing (replayed by the engine, however late the subscription is
        // sent), so a container started in between is not missed.
        await using var starts = engine.MonitorEventsAsync(new EventFilters
        {
            Since = DateTimeOffset.UtcNow,
            Type = ["container"], Event = ["start"], Labels = [$"{ComposeLabels.Project}={project}", $"{ComposeLabels.OneOff}=False"],
        }, stopLogs.Token).GetAsyncEnumerator(stopLogs.Token);
        var nextStart = starts.MoveNextAsync().AsTask();

        var containers = await ProjectContainers.ListAsync(engine, project, [.. services], all: true, cancellationToken);
        var labels = containers.ToDictionary(c => c.Id, c => ProjectContainers.Name(c));
        var printer = new LogPrinter(terminal, labels.Values.Select(l => l.Length).DefaultIfEmpty(0).Max(), Colour);
        var followers = new Dictionary<Task, (string Id, string Service)>();
        void Follow(string id, string service, DateTimeOffset? since) =>
            followers[printer.FollowAsync(engine, id, labels[id], new LogRequest { Follow = true, Tail = "all", Since = since, Timestamps = Timestamps }, LogPrefix,
                stopLogs.Token)] = (id, service);
        foreach (var container in containers) Follow(container.Id, ProjectContainers.ServiceOf(container), null);

        var exitCode = 0;
        try
        {
            while (followers.Count > 0 || StayWhenAllExited)
            {
                var ended = await Task.WhenAny(followers.Keys.Append(nextStart));
                if (ended == nextStart)
                {
                    // A container of ours (re)started while we watch: another `up`, a scale, a restart policy.
                    if (!await MoreAsync(nextStart, cancellationToken)) { nextStart = Never(stopLogs.Token); continue; }
                    var started = starts.Current;
                    var service = started.Actor?.Attributes?.GetValueOrDefault(ComposeLabels.Service);
                    if (started.Actor?.ID is { } id && service is not null && services.Contains(service) && !followers.Values.Any(f => f.Id == id))
                    {
                        labels[id] = started.Actor.Attributes!.GetValueOrDefault("name") ?? id[..12];
                        Follow(id, service, started.Time is { } at ? DateTimeOffset.FromUnixTimeSeconds(at) : null);
                    }
                    nextStart = starts.MoveNextAsync().AsTask();
                    continue;
                }
                var (containerId, serviceName) = followers[ended];
                followers.Remove(ended);
                var code = (int)await engine.WaitContainerAsync(containerId, cancellationToken);
                terminal.Status($"{labels[containerId]} exited with code {code}");
                if (ExitCodeFrom is null || serviceName == ExitCodeFrom) exitCode = code;
                if (AbortOnFailure && code != 0)
                {
                    exitCode = code;
                    terminal.Status("Aborting on container failure...");
                    break;
                }
                if (AbortOnExit && (ExitCodeFrom is null || serviceName == ExitCodeFrom))
                {
                    terminal.Status("Aborting on container exit...");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            terminal.Status("Gracefully stopping... (press Ctrl+C again to force)");
            exitCode = 130;
        }
        await stopLogs.CancelAsync();
        await MoreAsync(nextStart, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default); // settled before the enumerator is disposed
        await StopAllAsync(reconciler);
        return exitCode;
    }

    /// <summary>Whether the event stream has another start; an engine hiccup ends the watching, not the run.</summary>
    private static async Task<bool> MoreAsync(Task<bool> next, CancellationToken cancellationToken)
    {
        try { return await next; }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && error is not OperationCanceledException)
        {
            return false;
        }
    }

    private static Task<bool> Never(CancellationToken cancellationToken) =>
        Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => false, TaskScheduler.Default);

    private async Task StopAllAsync(ProjectReconciler reconciler)
    {
        var observed = await reconciler.ObserveAsync(desired, CancellationToken.None);
        var running = observed.Containers.Where(c => c.IsRunning && !c.OneOff).ToList();
        using var killing = Interrupts.Force.Register(() => _ = KillAllAsync(running));
        await Task.WhenAll(running.Select(async c =>
        {
            await engine.StopContainerAsync(c.Id, StopTimeout ?? 10, CancellationToken.None);
            terminal.Status($" Container {c.Name}  {(Interrupts.Force.IsCancellationRequested ? "Killed" : "Stopped")}");
        }));
    }

    /// <summary>The second Ctrl-C: SIGKILL now; the pending stops return as the containers die.</summary>
    private async Task KillAllAsync(IEnumerable<ObservedContainer> containers)
    {
        terminal.Status("Killing...");
        await Task.WhenAll(containers.Select(async c =>
        {
            try { await engine.KillContainerAsync(c.Id, "SIGKILL", CancellationToken.None); }
            catch (EngineApiException) { } // already stopped
        }));
    }
}
