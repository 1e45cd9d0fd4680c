using Composer.Engine;
using Composer.Reconciler.Rollout;

namespace Composer.Reconciler.Execution;

/// <summary>
/// When is a new replica ready to take traffic? With a healthcheck (the service's or the image's):
/// once the engine says healthy, within the monitor period when one is set. Without one: once it
/// has kept running for the monitor period (swarm's default 5 s). Exiting, being restarted by the
/// engine, or an unhealthy verdict fail at once.
/// </summary>
internal sealed class ReplicaReadiness(IEngineClient engine, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <param name="cap">How long a healthcheck with no monitor period may take to give its verdict.</param>
    public async Task<string?> AwaitAsync(string id, TimeSpan? monitor, TimeSpan cap, CancellationToken cancellationToken)
    {
        var since = time.GetTimestamp();
        var container = await engine.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        var checksHealth = HealthProbes.Declared(container);
        var deadline = checksHealth ? monitor ?? cap : monitor ?? RolloutSettings.DefaultMonitor;
        while (true)
        {
            // The engine restarting it (its restart policy) is an exit too.
            if (container.State is not { Running: true, Restarting: false } state || container.RestartCount > 0)
                return $"exited with code {container.State?.ExitCode}";
            if (checksHealth && state.HealthStatus == "healthy") return null;
            if (checksHealth && state.HealthStatus == "unhealthy" && state.Health is { } health)
                return "is unhealthy" + HealthProbes.LastProbe(health);
            if (time.GetElapsedTime(since) >= deadline)
                return checksHealth ? $"was not healthy within {RolloutSettings.Seconds(deadline)}" : null;
            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
            container = await engine.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }
}
