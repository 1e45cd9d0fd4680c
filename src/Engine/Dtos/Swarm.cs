namespace Composer.Engine;

// Swarm-mode DTOs (Engine API v1.41 names, so JSON maps one to one). Durations are nanoseconds,
// as the API wants them. Serialized by SwarmJson, kept apart from EngineJson on purpose.

public sealed class SwarmInitRequest
{
    public string ListenAddr { get; set; } = "0.0.0.0:2377";
    public string? AdvertiseAddr { get; set; }
    public string? DataPathAddr { get; set; }
    public bool ForceNewCluster { get; set; }
    public SwarmSpec? Spec { get; set; }
}

/// <summary>The part of a swarm's spec we set or read: its labels say who made it.</summary>
public sealed class SwarmSpec
{
    public string? Name { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

public sealed class SwarmInspect
{
    public string ID { get; set; } = "";
    public ObjectVersion? Version { get; set; }
    public string? CreatedAt { get; set; }
    public SwarmJoinTokens? JoinTokens { get; set; }
    public SwarmSpec? Spec { get; set; }
}

public sealed class SwarmJoinTokens
{
    public string? Worker { get; set; }
    public string? Manager { get; set; }
}

/// <summary>Every swarm object carries one; updates must send the index they were read at.</summary>
public sealed class ObjectVersion
{
    public long Index { get; set; }
}

public sealed class SwarmNode
{
    public string ID { get; set; } = "";
    public NodeSpec? Spec { get; set; }
    public NodeDescription? Description { get; set; }
    public NodeStatus? Status { get; set; }
    public ManagerStatus? ManagerStatus { get; set; }
}

public sealed class NodeSpec
{
    public string? Role { get; set; }
    public string? Availability { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

public sealed class NodeDescription
{
    public string? Hostname { get; set; }
}

public sealed class NodeStatus
{
    public string? State { get; set; }
    public string? Addr { get; set; }
}

public sealed class ManagerStatus
{
    public bool Leader { get; set; }
    public string? Reachability { get; set; }
    public string? Addr { get; set; }
}

// services

public sealed class SwarmService
{
    public string ID { get; set; } = "";
    public ObjectVersion? Version { get; set; }
    public string? CreatedAt { get; set; }
    public string? UpdatedAt { get; set; }
    public ServiceSpec? Spec { get; set; }
    public ServiceEndpoint? Endpoint { get; set; }
    public ServiceUpdateStatus? UpdateStatus { get; set; }
    /// <summary>Only filled when listed with status=true.</summary>
    public ServiceRunningStatus? ServiceStatus { get; set; }
}

public sealed class ServiceEndpoint
{
    public List<EndpointPortConfig>? Ports { get; set; }
}

public sealed class ServiceUpdateStatus
{
    /// <summary>updating | paused | completed | rollback_started | rollback_paused | rollback_completed.</summary>
    public string? State { get; set; }
    public string? Message { get; set; }
}

public sealed class ServiceRunningStatus
{
    public long RunningTasks { get; set; }
    public long DesiredTasks { get; set; }
}

public sealed class ServiceSpec
{
    public string Name { get; set; } = "";
    public Dictionary<string, string>? Labels { get; set; }
    public TaskSpec TaskTemplate { get; set; } = new();
    public ServiceMode? Mode { get; set; }
    public ServiceUpdateConfig? UpdateConfig { get; set; }
    public ServiceUpdateConfig? RollbackConfig { get; set; }
    public EndpointSpec? EndpointSpec { get; set; }
}

public sealed class ServiceMode
{
    public ReplicatedMode? Replicated { get; set; }
    /// <summary>Present (as an empty object) for global services.</summary>
    public GlobalMode? Global { get; set; }
}

public sealed class ReplicatedMode
{
    public long Replicas { get; set; }
}

public sealed class GlobalMode;

public sealed class TaskSpec
{
    public SwarmContainerSpec ContainerSpec { get; set; } = new();
    public TaskResources? Resources { get; set; }
    public TaskRestartPolicy? RestartPolicy { get; set; }
    public TaskPlacement? Placement { get; set; }
    /// <summary>Changing it (and only it) redeploys every task; kept as observed on updates.</summary>
    public long ForceUpdate { get; set; }
    public List<NetworkAttachment>? Networks { get; set; }
    public TaskLogDriver? LogDriver { get; set; }
}

public sealed class SwarmContainerSpec
{
    public string Image { get; set; } = "";
    public Dictionary<string, string>? Labels { get; set; }
    public List<string>? Command { get; set; }
    public List<string>? Args { get; set; }
    public string? Hostname { get; set; }
    public List<string>? Env { get; set; }
    public string? Dir { get; set; }
    public string? User { get; set; }
    public List<string>? Groups { get; set; }
    public bool? TTY { get; set; }
    public bool? OpenStdin { get; set; }
    public bool? ReadOnly { get; set; }
    public List<SwarmMount>? Mounts { get; set; }
    public string? StopSignal { get; set; }
    public long? StopGracePeriod { get; set; }
    public HealthConfig? HealthCheck { get; set; }
    /// <summary>"IP hostname" lines, as /etc/hosts has them.</summary>
    public List<string>? Hosts { get; set; }
    public SwarmDnsConfig? DNSConfig { get; set; }
    public List<SecretReference>? Secrets { get; set; }
    public List<ConfigReference>? Configs { get; set; }
    public bool? Init { get; set; }
    public Dictionary<string, string>? Sysctls { get; set; }
    public List<string>? CapabilityAdd { get; set; }
    public List<string>? CapabilityDrop { get; set; }
    public List<EngineUlimit>? Ulimits { get; set; }
}

public sealed class SwarmMount
{
    public string Target { get; set; } = "";
    public string? Source { get; set; }
    /// <summary>bind | volume | tmpfs.</summary>
    public string Type { get; set; } = "volume";
    public bool? ReadOnly { get; set; }
    public SwarmBindOptions? BindOptions { get; set; }
    public SwarmVolumeOptions? VolumeOptions { get; set; }
    public MountTmpfsOptions? TmpfsOptions { get; set; }
}

public sealed class SwarmBindOptions
{
    public string? Propagation { get; set; }
}

public sealed class SwarmVolumeOptions
{
    public bool? NoCopy { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public SwarmDriver? DriverConfig { get; set; }
}

public sealed class SwarmDriver
{
    public string? Name { get; set; }
    public Dictionary<string, string>? Options { get; set; }
}

public sealed class SwarmDnsConfig
{
    public List<string>? Nameservers { get; set; }
    public List<string>? Search { get; set; }
    public List<string>? Options { get; set; }
}

/// <summary>Where a secret or config appears inside the task's container.</summary>
public sealed class FileTarget
{
    public string Name { get; set; } = "";
    public string UID { get; set; } = "0";
    public string GID { get; set; } = "0";
    public int Mode { get; set; } = 0x124; // 0444
}

public sealed class SecretReference
{
    public FileTarget? File { get; set; }
    /// <summary>The engine needs the id; the name is for people reading the spec.</summary>
    public string? SecretID { get; set; }
    public string SecretName { get; set; } = "";
}

public sealed class ConfigReference
{
    public FileTarget? File { get; set; }
    public string? ConfigID { get; set; }
    public string ConfigName { get; set; } = "";
}

public sealed class TaskResources
{
    public ResourceLimits? Limits { get; set; }
    public ResourceLimits? Reservations { get; set; }
}

public sealed class ResourceLimits
{
    public long? NanoCPUs { get; set; }
    public long? MemoryBytes { get; set; }
    public long? Pids { get; set; }
    /// <summary>Reservations only.</summary>
    public List<GenericResource>? GenericResources { get; set; }
}

public sealed class GenericResource
{
    public DiscreteGenericResource? DiscreteResourceSpec { get; set; }
}

public sealed class DiscreteGenericResource
{
    public string? Kind { get; set; }
    public long Value { get; set; }
}

public sealed class TaskRestartPolicy
{
    /// <summary>none | on-failure | any.</summary>
    public string? Condition { get; set; }
    public long? Delay { get; set; }
    public long? MaxAttempts { get; set; }
    public long? Window { get; set; }
}

public sealed class TaskPlacement
{
    public List<string>? Constraints { get; set; }
    public List<PlacementPreference>? Preferences { get; set; }
    public long? MaxReplicas { get; set; }
}

public sealed class PlacementPreference
{
    public SpreadOver? Spread { get; set; }
}

public sealed class SpreadOver
{
    public string? SpreadDescriptor { get; set; }
}

public sealed class NetworkAttachment
{
    /// <summary>Network name or id (the engine resolves names on create and update).</summary>
    public string Target { get; set; } = "";
    public List<string>? Aliases { get; set; }
}

public sealed class TaskLogDriver
{
    public string? Name { get; set; }
    public Dictionary<string, string>? Options { get; set; }
}

public sealed class ServiceUpdateConfig
{
    public long? Parallelism { get; set; }
    public long? Delay { get; set; }
    /// <summary>continue | pause | rollback.</summary>
    public string? FailureAction { get; set; }
    public long? Monitor { get; set; }
    public double? MaxFailureRatio { get; set; }
    /// <summary>stop-first | start-first.</summary>
    public string? Order { get; set; }
}

public sealed class EndpointSpec
{
    /// <summary>vip | dnsrr.</summary>
    public string? Mode { get; set; }
    public List<EndpointPortConfig>? Ports { get; set; }
}

public sealed class EndpointPortConfig
{
    public string? Name { get; set; }
    public string Protocol { get; set; } = "tcp";
    public long TargetPort { get; set; }
    public long? PublishedPort { get; set; }
    /// <summary>ingress (routing mesh) | host (bound on the node running the task).</summary>
    public string PublishMode { get; set; } = "ingress";
}

public sealed class ServiceCreateResponse
{
    public string ID { get; set; } = "";
    public string? Warning { get; set; }
}

public sealed class ServiceUpdateResponse
{
    public List<string>? Warnings { get; set; }
}

// tasks

public sealed class SwarmTask
{
    public string ID { get; set; } = "";
    public string? Name { get; set; }
    public string? CreatedAt { get; set; }
    public string? UpdatedAt { get; set; }
    public string? ServiceID { get; set; }
    public long Slot { get; set; }
    public string? NodeID { get; set; }
    public TaskStatus? Status { get; set; }
    public string? DesiredState { get; set; }
    public TaskSpec? Spec { get; set; }
}

public sealed class TaskStatus
{
    public string? Timestamp { get; set; }
    /// <summary>new | pending | assigned | accepted | preparing | starting | running | complete | shutdown | failed | rejected | remove | orphaned.</summary>
    public string? State { get; set; }
    public string? Message { get; set; }
    public string? Err { get; set; }
    public TaskContainerStatus? ContainerStatus { get; set; }
}

public sealed class TaskContainerStatus
{
    public string? ContainerID { get; set; }
    public long? PID { get; set; }
    public long? ExitCode { get; set; }
}

/// <summary>Filters of GET /tasks; empty lists are left out.</summary>
public sealed record TaskFilters
{
    public IReadOnlyList<string> Service { get; init; } = [];
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> DesiredState { get; init; } = [];
    public IReadOnlyList<string> Node { get; init; } = [];
}

// configs and secrets

/// <summary>Body of POST /configs/create and /secrets/create; Data travels base64-encoded.</summary>
public sealed class SwarmObjectSpec
{
    public string Name { get; set; } = "";
    public Dictionary<string, string>? Labels { get; set; }
    public byte[]? Data { get; set; }
    /// <summary>The templating driver swarm renders Data with (template_driver); null: none.</summary>
    public SwarmDriver? Templating { get; set; }
    /// <summary>A secret's store plugin (`driver`, `driver_opts`); null: swarm keeps Data itself.</summary>
    public SwarmDriver? Driver { get; set; }
}


/// <summary>A config or secret as listed (a secret's Data is never returned).</summary>
public sealed class SwarmObject
{
    public string ID { get; set; } = "";
    public ObjectVersion? Version { get; set; }
    public string? CreatedAt { get; set; }
    public SwarmObjectSpec? Spec { get; set; }
}

public sealed class IdResponse
{
    public string ID { get; set; } = "";
}
