using System.Collections.Concurrent;
using System.Globalization;
using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Containers;

namespace Composer.Reconciler.Supervision;

/// <summary>
/// The single owner of restarts for the projects it adopts: it switches their containers'
/// engine restart policy to `no`, restarts them itself by their declared policy (with backoff,
/// and on `unhealthy` when asked), and hands the engine its policy back on release.
/// </summary>
public sealed class Supervisor(IEngineClient engine, ISupervisorMemory memory, TimeProvider time, Action<string> log) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Running> _containers = new(StringComparer.Ordinal);
    private readonly IContainerActions _actions = new EngineContainerActions(engine);
    private readonly Random _random = new();

    public SupervisorMetrics Metrics { get; } = new();

    /// <summary>
    /// Takes ownership of the project's service containers not yet supervised, and drops those
    /// that are gone. Idempotent: the agent calls it after every reconcile pass.
    /// </summary>
    public async Task AdoptAsync(Project project, CancellationToken cancellationToken)
    {
        var containers = await engine.ListContainersAsync(true, [$"{ComposeLabels.Project}={project.Name}"], cancellationToken).ConfigureAwait(false);
        var present = containers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _containers.Values.Where(r => r.Supervision.Identity.Project == project.Name && !present.Contains(r.Supervision.Identity.Id)).ToList())
            Drop(gone.Supervision.Identity.Id, forget: true);

        foreach (var container in containers)
        {
            var labels = container.Labels ?? [];
            if (labels.GetValueOrDefault(ComposeLabels.OneOff) == "True") continue; // runs and scheduled jobs are not kept alive
            if (_containers.ContainsKey(container.Id)) continue;
            if (!project.Services.TryGetValue(labels.GetValueOrDefault(ComposeLabels.Service) ?? "", out var service)) continue; // an orphan
            await AdoptAsync(project, service, container, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops supervising the project; with <paramref name="restorePolicies"/> the engine gets its policies back.</summary>
    public async Task ReleaseAsync(Project project, bool restorePolicies, CancellationToken cancellationToken)
    {
        var mine = _containers.Values.Where(r => r.Supervision.Identity.Project == project.Name).ToList();
        foreach (var running in mine) Drop(running.Supervision.Identity.Id, forget: false);
        await Task.WhenAll(mine.Select(r => r.Loop)).ConfigureAwait(false);
        if (!restorePolicies) return;
        foreach (var running in mine)
        {
            if (!project.Services.TryGetValue(running.Supervision.Identity.Service, out var service)) continue;
            try
            {
                await engine.UpdateRestartPolicyAsync(running.Supervision.Identity.Id, RestartPolicies.ToEngine(service), cancellationToken).ConfigureAwait(false);
            }
            catch (EngineNotFoundException) { }
        }
    }

    /// <summary>Feeds one engine event (type container) to the supervision it concerns.</summary>
    public void Observe(EngineEvent engineEvent)
    {
        if (engineEvent.Actor?.ID is not { } id) return;
        var at = engineEvent.At;
        var action = engineEvent.Action ?? "";
        if (!_containers.TryGetValue(id, out var running))
        {
            RememberUnsupervised(id, action, at);
            return;
        }
        var supervision = running.Supervision;
        switch (action)
        {
            case "start": supervision.Started(at); break;
            case "kill" or "stop": supervision.Stopping(at); break;
            case "die":
                var exit = long.TryParse(engineEvent.Actor.Attributes?.GetValueOrDefault("exitCode"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : -1;
                supervision.Died(exit, at);
                break;
            case "destroy": Drop(id, forget: true); break;
            default:
                if (action.StartsWith("health_status: ", StringComparison.Ordinal)) supervision.HealthChanged(action["health_status: ".Length..], at);
                break;
        }
    }

    public bool IsSupervised(string containerId) => _containers.ContainsKey(containerId);

    /// <summary>
    /// `composer stop`/`kill` said so: remembered even for a container that is not running (one
    /// waiting out its backoff gets no stop event from the engine, and must not be started again).
    /// Completes when no restart of ours that was on its way when the user spoke is left running
    /// (each is stopped again, with <paramref name="grace"/>).
    /// </summary>
    public Task UserStoppedAsync(IEnumerable<string> containerIds, DateTimeOffset at, TimeSpan? grace)
    {
        var settling = new List<Task>();
        foreach (var id in containerIds)
        {
            if (_containers.TryGetValue(id, out var running)) settling.Add(running.Supervision.UserStopsAsync(at, grace));
            else RememberUnsupervised(id, "stop", at);
        }
        return Task.WhenAll(settling);
    }

    /// <summary>
    /// Events of containers not (yet) supervised, e.g. replayed from while the agent was down:
    /// a user's stop must still be remembered, or `unless-stopped` would bring the container back.
    /// </summary>
    private void RememberUnsupervised(string id, string action, DateTimeOffset at)
    {
        switch (action)
        {
            case "kill" or "stop": memory.Remember(id, memory.Recall(id) with { UserStoppedAt = at }); break;
            case "start": memory.Remember(id, memory.Recall(id).AfterStart(at).Next); break;
            case "destroy": memory.Forget(id); break;
        }
    }

    /// <summary>
    /// The engine went away. Supervisions end; the adoption that follows the reconnect starts them
    /// afresh from what the engine says. (The stops its shutdown made never reached us as users'
    /// stops: the event pump drops stops the engine makes while it refuses new connections.)
    /// </summary>
    public async Task EngineLostAsync()
    {
        var all = _containers.Values.ToList();
        foreach (var running in all) Drop(running.Supervision.Identity.Id, forget: false);
        await Task.WhenAll(all.Select(r => r.Loop)).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops what is remembered of containers the engine no longer has (destroyed while the agent
    /// was down or disconnected, so no `destroy` event told us): the state file does not grow forever.
    /// </summary>
    public async Task ForgetDestroyedAsync(CancellationToken cancellationToken)
    {
        var containers = await engine.ListContainersAsync(true, [ComposeLabels.Project], cancellationToken).ConfigureAwait(false);
        var forgotten = memory.Retain(containers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
        if (forgotten > 0) log($"forgot {forgotten} containers the engine no longer has");
    }

    public IReadOnlyList<SupervisedContainer> Status(string project) =>
        [.. _containers.Values.Where(r => r.Supervision.Identity.Project == project).Select(r => r.Supervision.Status())
            .OrderBy(s => s.Service, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        var all = _containers.Values.ToList();
        foreach (var running in all) Drop(running.Supervision.Identity.Id, forget: false);
        await Task.WhenAll(all.Select(r => r.Loop)).ConfigureAwait(false);
    }

    private async Task AdoptAsync(Project project, ServiceConfig service, ContainerSummary container, CancellationToken cancellationToken)
    {
        var id = container.Id;
        var identity = new ContainerIdentity(id, (container.Names?.FirstOrDefault() ?? id).TrimStart('/'), project.Name, service.Name,
            Containers.StopGrace.Of(service));
        var supervision = new ContainerSupervision(identity, RestartSettings.For(service), _actions, memory, Metrics, time, _random, log);
        var stop = new CancellationTokenSource();
        // Listening before looking: an event that comes while we inspect (say, the healthcheck turning
        // unhealthy, which the engine announces once) reaches the supervision instead of nobody.
        if (!_containers.TryAdd(id, new Running(supervision, stop, Task.Run(() => LoopAsync(supervision, stop.Token), CancellationToken.None))))
        {
            await stop.CancelAsync().ConfigureAwait(false);
            return;
        }

        ContainerInspect inspect;
        try
        {
            inspect = await engine.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
            // One owner of restarts: from here on, the engine must not restart this container.
            if (inspect.HostConfig?.RestartPolicy?.Name is { Length: > 0 } policy && policy != "no")
                await engine.UpdateRestartPolicyAsync(id, RestartPolicies.Never, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineNotFoundException) { Drop(id, forget: true); return; }
        catch
        {
            Drop(id, forget: false); // not adopted: the next pass tries again instead of skipping it for good
            throw;
        }
        if (inspect.RestartCount > memory.Recall(id).Restarts)
            memory.Remember(id, memory.Recall(id) with { Restarts = inspect.RestartCount });

        var state = inspect.State;
        // Running (someone started it meanwhile): no restart of ours is due any more.
        if (state?.Running == true && memory.Recall(id).RestartDueAt is not null)
            memory.Remember(id, memory.Recall(id) with { RestartDueAt = null });
        if (state?.Status is "created") return; // never started: the reconcile pass starts it
        supervision.Adopt(state?.Running ?? false, state?.ExitCode ?? 0, Time(state?.StartedAt), Time(state?.FinishedAt), state?.HealthStatus);
    }

    private async Task LoopAsync(ContainerSupervision supervision, CancellationToken cancellationToken)
    {
        try { await supervision.RunAsync(cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        catch (Exception error) { log($"{supervision.Identity.Name}: supervision stopped: {error.Message}"); }
    }

    private void Drop(string id, bool forget)
    {
        if (_containers.TryRemove(id, out var running)) running.Stop.Cancel();
        if (forget) memory.Forget(id);
    }

    private static DateTimeOffset Time(string? iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch;

    private sealed record Running(ContainerSupervision Supervision, CancellationTokenSource Stop, Task Loop);
}
