using Composer.Engine;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Execution;

/// <summary>Waits until a service's containers meet a depends_on condition, or says why they cannot.</summary>
public sealed class ServiceConditionWaiter(IEngineClient engine, string project)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public async Task WaitAsync(string service, DependencyCondition condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan) limit.CancelAfter(timeout);
        try
        {
            while (!await MetAsync(service, condition, limit.Token).ConfigureAwait(false))
                await Task.Delay(Poll, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"service {service} did not become {Describe(condition)} within {timeout.TotalSeconds:0} s");
        }
    }

    private async Task<bool> MetAsync(string service, DependencyCondition condition, CancellationToken cancellationToken)
    {
        var filters = Labels.ServiceFilters(project, service);
        var containers = await engine.ListContainersAsync(all: true, labelFilters: filters, cancellationToken).ConfigureAwait(false);
        if (containers.Count == 0) throw new InvalidOperationException($"service {service} has no container to wait for");

        foreach (var summary in containers)
        {
            var container = await engine.InspectContainerAsync(summary.Id, cancellationToken).ConfigureAwait(false);
            var state = container.State;
            var met = condition switch
            {
                DependencyCondition.Healthy => IsHealthy(Name(summary), container),
                DependencyCondition.CompletedSuccessfully => state?.Status == "exited" && (state.ExitCode == 0
                    ? true
                    : throw new InvalidOperationException($"service {service} didn't complete successfully: exit {state.ExitCode}")),
                _ => state?.Running == true || state?.Status == "exited",
            };
            if (!met) return false;
        }
        return true;
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
        DependencyCondition.Healthy => "healthy",
        DependencyCondition.CompletedSuccessfully => "completed successfully",
        _ => "started",
    };
}
