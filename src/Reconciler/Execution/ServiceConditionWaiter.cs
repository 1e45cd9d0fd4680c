using Composer.Model;
using Composer.Engine;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Execution;

/// <summary>
/// Waits until a service's containers meet a depends_on condition, or says why they cannot. Every
/// wait is bounded: by the user's --wait-timeout, else by the longest the engine may take to give
/// a health verdict (a long start_period included), and never less than <see cref="DefaultBound"/>.
/// A timeout names the service and what its last health check said.
/// </summary>
public sealed class ServiceConditionWaiter(IEngineClient engine, string project)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>The bound when the user gave none and no healthcheck asks for longer.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromMinutes(10);

    /// <summary>Added to a healthcheck's own worst case: the engine's scheduling and our polling.</summary>
    private static readonly TimeSpan VerdictSlack = TimeSpan.FromSeconds(30);

    /// <param name="timeout">The user's bound; null for the one the service's healthcheck implies.</param>
    public async Task WaitAsync(string service, DependencyCondition condition, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var bound = timeout ?? DefaultBound;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(bound);
        var progress = new WaitProgress();
        try
        {
            while (!await MetAsync(service, condition, progress, limit.Token).ConfigureAwait(false))
            {
                // A healthcheck that may take longer to decide (a long start_period) extends a bound the user did not set.
                if (timeout is null && progress.VerdictWithin + VerdictSlack is var verdict && verdict > bound)
                {
                    bound = verdict;
                    limit.CancelAfter(bound - waited.Elapsed);
                }
                await Task.Delay(Poll, limit.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"service {service} did not become {Describe(condition)} within {bound.TotalSeconds:0} s{progress.LastWord}");
        }
    }

    /// <summary>What the waits so far learned: how long a verdict may take, and the last thing a health check said.</summary>
    private sealed class WaitProgress
    {
        public TimeSpan VerdictWithin { get; set; }
        public string LastWord { get; set; } = "";
    }

    private async Task<bool> MetAsync(string service, DependencyCondition condition, WaitProgress progress, CancellationToken cancellationToken)
    {
        var filters = ComposeLabels.ServiceFilters(project, service);
        var containers = await engine.ListContainersAsync(all: true, labelFilters: filters, cancellationToken).ConfigureAwait(false);
        if (containers.Count == 0) throw new InvalidOperationException($"service {service} has no container to wait for");

        foreach (var summary in containers)
        {
            var container = await engine.InspectContainerAsync(summary.Id, cancellationToken).ConfigureAwait(false);
            var state = container.State;
            if (condition == DependencyCondition.ServiceHealthy) Learn(progress, Name(summary), container);
            var met = condition switch
            {
                DependencyCondition.ServiceHealthy => IsHealthy(Name(summary), container),
                DependencyCondition.ServiceCompletedSuccessfully => state?.Status == "exited" && (state.ExitCode == 0
                    ? true
                    : throw new InvalidOperationException($"service {service} didn't complete successfully: exit {state.ExitCode}")),
                _ => state?.Running == true || state?.Status == "exited",
            };
            if (!met) return false;
        }
        return true;
    }

    private static void Learn(WaitProgress progress, string name, ContainerInspect container)
    {
        if (HealthProbes.VerdictWithin(container) is { } within && within > progress.VerdictWithin) progress.VerdictWithin = within;
        if (container.State?.Health is { } health && HealthProbes.LastProbe(health) is { Length: > 0 } last)
            progress.LastWord = $"; {name} is {container.State.HealthStatus}{last}";
    }

    /// <summary>
    /// Healthy yet? A restart gets a fresh start period, so it is waited out; a container that
    /// stopped for good says so with its exit code; only a real verdict of unhealthy fails at once.
    /// </summary>
    private static bool IsHealthy(string name, ContainerInspect container)
    {
        var state = container.State;
        if (state?.Health is not { } health)
        {
            return HealthProbes.Declared(container) ? false : throw new InvalidOperationException($"container {name} has no healthcheck, so it can never be healthy");
        }
        if (state.Restarting) return false;
        if (!state.Running)
            throw new InvalidOperationException($"container {name} exited with code {state.ExitCode} before it became healthy");
        return state.HealthStatus switch
        {
            "healthy" => true,
            "unhealthy" => throw new InvalidOperationException($"container {name} is unhealthy{HealthProbes.LastProbe(health)}"),
            _ => false,
        };
    }

    private static string Name(ContainerSummary summary) => (summary.Names?.FirstOrDefault() ?? summary.Id).TrimStart('/');

    private static string Describe(DependencyCondition condition) => condition switch
    {
        DependencyCondition.ServiceHealthy => "healthy",
        DependencyCondition.ServiceCompletedSuccessfully => "completed successfully",
        _ => "started",
    };
}
