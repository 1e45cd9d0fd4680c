using Composer.Model;

namespace Composer.Reconciler.Containers;

/// <summary>How long a service's container is given to stop before it is killed: one owner of the default.</summary>
public static class StopGrace
{
    /// <summary>The engine's own default stop timeout, used when the service sets no stop_grace_period.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static TimeSpan Of(ServiceConfig service) => service.StopGracePeriod ?? Default;

    /// <summary>The engine takes whole seconds: round up, so a grace is never cut short.</summary>
    public static int Seconds(TimeSpan grace) => (int)Math.Ceiling(grace.TotalSeconds);
}
