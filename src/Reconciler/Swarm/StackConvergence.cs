using System.Text.Json;
using Composer.Engine;

namespace Composer.Reconciler.Swarm;

/// <summary>
/// Waits until services run what was asked: as many running tasks as the service wants, each
/// started from the service's current task spec, no old task still running, and no rollout in
/// progress. A paused or rolled-back update fails at once with the engine's reason.
/// </summary>
public sealed class StackConvergence(ISwarmClient swarm)
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public async Task WaitAsync(string stack, IReadOnlyCollection<string> services, TimeSpan timeout, Action<string> log,
        CancellationToken cancellationToken)
    {
        if (services.Count == 0) return;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var pending = new SortedSet<string>(services, StringComparer.Ordinal);
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                var listed = await swarm.ListServicesAsync([StackLabels.Filter(stack)], limit.Token, status: true).ConfigureAwait(false);
                foreach (var service in listed.Where(s => s.Spec is not null && pending.Contains(s.Spec.Name)))
                {
                    var tasks = await swarm.ListTasksAsync(new TaskFilters { Service = [service.ID] }, limit.Token).ConfigureAwait(false);
                    var state = State(service, tasks);
                    last[service.Spec!.Name] = state.Text;
                    if (state.Converged)
                    {
                        pending.Remove(service.Spec.Name);
                        log($"{service.Spec.Name}: converged ({state.Text})");
                    }
                }
                if (pending.Count == 0) return;
                await Task.Delay(PollInterval, limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StackConvergenceException(
                $"services did not converge within {timeout.TotalSeconds:0}s: " +
                string.Join("; ", pending.Select(p => $"{p}: {last.GetValueOrDefault(p, "not found")}")));
        }
    }

    internal sealed record ServiceState(bool Converged, string Text);

    internal static ServiceState State(SwarmService service, IReadOnlyList<SwarmTask> tasks)
    {
        var update = service.UpdateStatus;
        if (update?.State is "paused" or "rollback_paused" or "rollback_completed")
            throw new StackConvergenceException($"service {service.Spec?.Name}: update {update.State.Replace('_', ' ')}: {update.Message}");

        var template = Json(service.Spec?.TaskTemplate);
        var wanted = service.ServiceStatus?.DesiredTasks ?? service.Spec?.Mode?.Replicated?.Replicas ?? 0;
        var current = tasks.Where(t => t.DesiredState == "running" && t.Status?.State == "running" && (t.Spec is null || Json(t.Spec) == template)).ToList();
        var leftovers = tasks.Count(t => t.DesiredState != "running" && t.Status?.State is "running" or "starting");
        var rolling = update?.State is "updating" or "rollback_started";
        var text = $"{current.Count}/{wanted} running" + (leftovers > 0 ? $", {leftovers} old stopping" : "") + (rolling ? ", updating" : "");
        var error = tasks.Where(t => t.Status?.Err is { Length: > 0 }).OrderByDescending(t => t.Status!.Timestamp, StringComparer.Ordinal).FirstOrDefault();
        if (error is not null && current.Count < wanted) text += $", last error: {error.Status!.Err}";
        return new ServiceState(current.Count == wanted && leftovers == 0 && !rolling, text);
    }

    private static string Json(TaskSpec? spec) => spec is null ? "" : JsonSerializer.Serialize(spec, SwarmJson.Default.TaskSpec);
}

/// <summary>Services did not reach their declared state (timeout, paused or rolled-back update).</summary>
public sealed class StackConvergenceException(string message) : Exception(message);
