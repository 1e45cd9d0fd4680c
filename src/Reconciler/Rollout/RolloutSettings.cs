using System.Globalization;
using Composer.Model;

namespace Composer.Reconciler.Rollout;

/// <summary>What swarm's update_config.failure_action means on one host (see <see cref="ServiceRollout"/>).</summary>
public enum FailureAction { Pause, Continue, Rollback }

/// <summary>
/// How a service's containers are replaced when `deploy.update_config.order` is `start-first`,
/// read with swarm's defaults (parallelism 1, delay 0, failure_action pause, monitor 5 s,
/// max_failure_ratio 0). <see cref="Monitor"/> null means it was not set: a replica with a
/// healthcheck then waits for the engine's own verdict instead of a deadline.
/// </summary>
public sealed record RolloutSettings(
    int Parallelism,
    TimeSpan Drain,
    FailureAction FailureAction,
    TimeSpan? Monitor,
    double MaxFailureRatio,
    TimeSpan StopGrace)
{
    /// <summary>Swarm's default monitor: how long a replica without a healthcheck must keep running.</summary>
    public static readonly TimeSpan DefaultMonitor = TimeSpan.FromSeconds(5);

    public static RolloutSettings Of(ServiceConfig service)
    {
        var update = service.Deploy?.UpdateConfig;
        var grace = Containers.StopGrace.Of(service);
        var delay = update?.Delay ?? TimeSpan.Zero;
        return new RolloutSettings(
            Parallelism: update?.Parallelism ?? 1,
            // The drain is bounded by the grace: a delay longer than the service allows for its own stop is not a drain.
            Drain: delay < grace ? delay : grace,
            FailureAction: update?.FailureAction switch
            {
                "rollback" => FailureAction.Rollback,
                "continue" => FailureAction.Continue,
                _ => FailureAction.Pause,
            },
            Monitor: update?.Monitor,
            MaxFailureRatio: update?.MaxFailureRatio ?? 0,
            StopGrace: grace);
    }

    /// <summary>
    /// Why the service's containers cannot run two at a time (so stop-first it is), or null when
    /// start-first can apply. The reasons are what the engine would refuse or what would clash.
    /// </summary>
    public static string? StartFirstBlocker(ServiceConfig service)
    {
        if (service.ContainerName is { } fixedName) return $"container_name {fixedName} is fixed";
        if (service.NetworkMode is { } mode && (mode == "host" || mode.StartsWith("service:", StringComparison.Ordinal)
            || mode.StartsWith("container:", StringComparison.Ordinal) || mode == "none"))
            return $"network_mode {mode}";
        if (service.Ports.FirstOrDefault(p => !string.IsNullOrEmpty(p.Published) && p.Published != "0") is { } port)
            return $"host port {port.Published} can be bound by one container only";
        if (service.Networks.FirstOrDefault(n => n.Value.Ipv4Address is not null || n.Value.Ipv6Address is not null) is { Key: { } network })
            return $"fixed IP address on network {network}";
        if (service.MacAddress is not null) return "fixed mac_address";
        return null;
    }

    /// <summary>The plan's words: "1 at a time, monitor 60s, drain 2s, on failure rollback".</summary>
    public override string ToString()
    {
        var batch = Parallelism == 0 ? "all at once" : $"{Parallelism} at a time";
        var monitor = Monitor is { } m ? $"monitor {Seconds(m)}" : $"monitor: healthy, or running {Seconds(DefaultMonitor)}";
        var failure = FailureAction.ToString().ToLowerInvariant();
        var ratio = MaxFailureRatio > 0 ? $" beyond {MaxFailureRatio.ToString(CultureInfo.InvariantCulture)} failed" : "";
        return $"{batch}, {monitor}, drain {Seconds(Drain)}, on failure{ratio} {failure}";
    }

    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
}
