using Composer.Engine;
using Composer.Model;

namespace Composer.Reconciler.Swarm;

/// <summary>The `deploy:` section (and healthcheck and ports) -> the swarm spec's scheduling parts. Pure.</summary>
internal static class DeploySpec
{
    public static ServiceMode Mode(ServiceConfig service) => service.Deploy?.Mode switch
    {
        "global" => new ServiceMode { Global = new GlobalMode() },
        // Scale is deploy.replicas (or scale:), 1 when neither is given.
        _ => new ServiceMode { Replicated = new ReplicatedMode { Replicas = service.Scale } },
    };

    public static TaskResources? Resources(ResourcesConfig? resources) => resources is null ? null : new TaskResources
    {
        Limits = Limits(resources.Limits),
        Reservations = Limits(resources.Reservations),
    };

    private static ResourceLimits? Limits(ResourceSpec? spec) => spec is null ? null : new ResourceLimits
    {
        NanoCPUs = spec.Cpus is { } cpus ? (long)Math.Round(cpus * 1_000_000_000) : null,
        MemoryBytes = spec.Memory,
        Pids = spec.Pids,
        GenericResources = spec.GenericResources.IsEmpty ? null
            : [.. spec.GenericResources.Select(g => new GenericResource { DiscreteResourceSpec = new DiscreteGenericResource { Kind = g.Kind, Value = g.Value } })],
    };

    public static TaskRestartPolicy? Restart(DeployRestartPolicy? policy) => policy is null ? null : new TaskRestartPolicy
    {
        Condition = policy.Condition ?? "any",
        Delay = Nanos(policy.Delay),
        MaxAttempts = policy.MaxAttempts,
        Window = Nanos(policy.Window),
    };

    public static TaskPlacement? Placement(DeployConfig? deploy) =>
        deploy is null || (deploy.PlacementConstraints.IsEmpty && deploy.PlacementPreferences.IsEmpty && deploy.MaxReplicasPerNode is null) ? null : new TaskPlacement
        {
            Constraints = ServiceSpecFactory.NullIfEmpty(deploy.PlacementConstraints),
            Preferences = deploy.PlacementPreferences.IsEmpty ? null : [.. deploy.PlacementPreferences.Select(p => new PlacementPreference { Spread = new SpreadOver { SpreadDescriptor = p } })],
            MaxReplicas = deploy.MaxReplicasPerNode,
        };

    public static ServiceUpdateConfig? Update(UpdateConfig? update) => update is null ? null : new ServiceUpdateConfig
    {
        // The engine reads a missing parallelism as 0, "all at once"; compose's default is 1.
        Parallelism = update.Parallelism ?? 1,
        Delay = Nanos(update.Delay),
        FailureAction = update.FailureAction,
        Monitor = Nanos(update.Monitor),
        MaxFailureRatio = update.MaxFailureRatio,
        Order = update.Order,
    };

    public static EndpointSpec? Endpoint(ServiceConfig service, List<string> errors)
    {
        var mode = service.Deploy?.EndpointMode;
        var ports = new List<EndpointPortConfig>();
        foreach (var port in service.Ports)
        {
            var publishMode = port.Mode == PortMode.Host ? "host" : "ingress";
            if (mode == "dnsrr" && publishMode == "ingress")
                errors.Add($"service {service.Name}: port {port.Target} is published through the routing mesh (ingress), which needs endpoint_mode vip; use mode: host with endpoint_mode dnsrr");
            long? published = null;
            if (port.Published is { } text)
            {
                if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)) published = number;
                else errors.Add($"service {service.Name}: published port range '{text}' is not supported in swarm mode: list each port");
            }
            ports.Add(new EndpointPortConfig
            {
                Name = port.Name, Protocol = port.Protocol, TargetPort = port.Target, PublishedPort = published, PublishMode = publishMode,
            });
        }
        if (mode is null && ports.Count == 0) return null;
        return new EndpointSpec { Mode = mode, Ports = ports.Count == 0 ? null : ports };
    }

    public static long? Nanos(TimeSpan? span) => Containers.HealthChecks.Nanos(span);
}
