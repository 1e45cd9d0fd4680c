using System.Collections.Immutable;

namespace Composer.Model;

// The typed, normalized Compose model. Every record is immutable. Collections are ImmutableArray /
// ImmutableSortedDictionary (ordinal keys), so iteration order is stable. NOTE: record equality on
// collection-valued properties is by reference; compare services with ServiceHash.Compute or
// CanonicalYaml for content equality.

/// <summary>A loaded, resolved, validated Compose project.</summary>
public sealed record Project(
    string Name,
    string WorkingDirectory,
    ImmutableArray<string> ConfigFiles,
    ImmutableSortedDictionary<string, ServiceConfig> Services,
    ImmutableSortedDictionary<string, ServiceConfig> DisabledServices,
    ImmutableSortedDictionary<string, NetworkConfig> Networks,
    ImmutableSortedDictionary<string, VolumeConfig> Volumes,
    ImmutableSortedDictionary<string, FileObjectConfig> Configs,
    ImmutableSortedDictionary<string, FileObjectConfig> Secrets,
    ImmutableSortedDictionary<string, RawValue> Extensions)
{
    /// <summary>Profiles enabled for this load.</summary>
    public ImmutableArray<string> ActiveProfiles { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Top-level `models:` (Docker Model Runner), by key. Kept for `config`; composer cannot run them.</summary>
    public ImmutableSortedDictionary<string, ModelConfig> Models { get; init; } = ImmutableSortedDictionary<string, ModelConfig>.Empty;

    /// <summary>The environment used for interpolation (process env over .env / env files).</summary>
    public ImmutableSortedDictionary<string, string> Environment { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>
    /// What joins project, service and number in container names: "-", or "_" with --compatibility
    /// (docker-compose v1's names, which docker compose v2 keeps behind that flag).
    /// </summary>
    public string ContainerNameSeparator { get; init; } = "-";

    /// <summary>
    /// False when loaded with --no-interpolate. `config` then prints `${VAR}` as written; after interpolation
    /// it writes every literal `$` as `$$` (as docker compose does) so that its output loads back to the same model.
    /// </summary>
    public bool Interpolated { get; init; } = true;

    /// <summary>A replica's name when the service sets no container_name: `project-service-N`.</summary>
    public string DefaultContainerName(string service, int number) => ReplicaName(Name, service, number, ContainerNameSeparator);

    /// <summary>A one-off container's name (`run`): `project-service-run-` and 12 random hex digits, as docker compose.</summary>
    public string OneOffContainerName(string service) =>
        string.Join(ContainerNameSeparator, Name, service, "run", Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The image a service builds or runs when it names none: `project-service`.</summary>
    public string ImageName(ServiceConfig service) => service.Image ?? $"{Name}-{service.Name}";

    /// <summary>The naming rule itself, for callers that hold the project's name and separator rather than the project.</summary>
    public static string ReplicaName(string project, string service, int number, string separator) =>
        $"{project}{separator}{service}{separator}{number}";

    /// <summary>Every profile named by any service (active or not), sorted.</summary>
    public ImmutableArray<string> AllProfiles =>
        Services.Values.Concat(DisabledServices.Values).SelectMany(s => s.Profiles).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();

    public IEnumerable<string> ServiceNames => Services.Keys;

    /// <summary>A project known by name alone (no compose file): declares nothing.</summary>
    public static Project Empty(string name, string workingDirectory) => new(name, workingDirectory, [],
        ImmutableSortedDictionary<string, ServiceConfig>.Empty, ImmutableSortedDictionary<string, ServiceConfig>.Empty,
        ImmutableSortedDictionary<string, NetworkConfig>.Empty, ImmutableSortedDictionary<string, VolumeConfig>.Empty,
        ImmutableSortedDictionary<string, FileObjectConfig>.Empty, ImmutableSortedDictionary<string, FileObjectConfig>.Empty,
        ImmutableSortedDictionary<string, RawValue>.Empty);
}

public sealed record ServiceConfig
{
    public required string Name { get; init; }
    public string? Image { get; init; }
    public BuildConfig? Build { get; init; }
    /// <summary>null = not set (image default).</summary>
    public ImmutableArray<string>? Command { get; init; }
    public ImmutableArray<string>? Entrypoint { get; init; }
    /// <summary>Variables after env_file and environment; null value = declared without value and not found in the environment.</summary>
    public ImmutableSortedDictionary<string, string?> Environment { get; init; } = ImmutableSortedDictionary<string, string?>.Empty;
    public ImmutableArray<string> EnvFiles { get; init; } = [];
    /// <summary>
    /// The env_file entries as declared, kept only when they were not read (`config --no-env-resolution`):
    /// then `config` prints them as docker compose does, in long form, instead of <see cref="EnvFiles"/>.
    /// </summary>
    public ImmutableArray<EnvFileReference> UnreadEnvFiles { get; init; } = [];
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public ImmutableSortedDictionary<string, string> Annotations { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public ImmutableArray<PortConfig> Ports { get; init; } = [];
    public ImmutableArray<string> Expose { get; init; } = [];
    public ImmutableArray<ServiceVolume> Volumes { get; init; } = [];
    /// <summary>Network key (top-level networks key, not the engine name) -> attachment.</summary>
    public ImmutableSortedDictionary<string, ServiceNetwork> Networks { get; init; } = ImmutableSortedDictionary<string, ServiceNetwork>.Empty;
    public ImmutableSortedDictionary<string, Dependency> DependsOn { get; init; } = ImmutableSortedDictionary<string, Dependency>.Empty;
    public ImmutableArray<Link> Links { get; init; } = [];
    public ImmutableArray<string> ExternalLinks { get; init; } = [];
    /// <summary>Normalized to "service:NAME[:ro|rw]" or "container:NAME[:ro|rw]".</summary>
    public ImmutableArray<string> VolumesFrom { get; init; } = [];
    public string? NetworkMode { get; init; }
    public HealthcheckConfig? Healthcheck { get; init; }
    public RestartPolicy Restart { get; init; } = RestartPolicy.No;
    /// <summary>True when `restart:` was written (Restart is No by default otherwise).</summary>
    public bool RestartSet { get; init; }
    public DeployConfig? Deploy { get; init; }
    /// <summary>Effective replica count: scale, else deploy.replicas, else 1.</summary>
    public int Scale { get; init; } = 1;
    /// <summary>`scale` was written; `config` prints it only then, as compose-go (which also copies it to deploy.replicas).</summary>
    public bool ScaleSet { get; init; }
    public string? ContainerName { get; init; }
    public string? Hostname { get; init; }
    public string? DomainName { get; init; }
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public bool? Init { get; init; }
    public bool Tty { get; init; }
    public bool StdinOpen { get; init; }
    public ImmutableArray<string> CapAdd { get; init; } = [];
    public ImmutableArray<string> CapDrop { get; init; } = [];
    public bool Privileged { get; init; }
    public bool ReadOnly { get; init; }
    public ImmutableArray<string> SecurityOpt { get; init; } = [];
    public ImmutableSortedDictionary<string, Ulimit> Ulimits { get; init; } = ImmutableSortedDictionary<string, Ulimit>.Empty;
    public ImmutableSortedDictionary<string, string> Sysctls { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    /// <summary>"host:ip" entries (normalized from map or "host=ip"/"host:ip" list forms), order kept.</summary>
    public ImmutableArray<string> ExtraHosts { get; init; } = [];
    public ImmutableArray<string> Dns { get; init; } = [];
    public ImmutableArray<string> DnsSearch { get; init; } = [];
    public ImmutableArray<string> DnsOpt { get; init; } = [];
    public long? ShmSize { get; init; }
    public long? MemLimit { get; init; }
    public long? MemReservation { get; init; }
    public double? Cpus { get; init; }
    public long? CpuShares { get; init; }
    public string? Cpuset { get; init; }
    /// <summary>CFS period and quota, in microseconds.</summary>
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    /// <summary>Real-time scheduler period and runtime, in microseconds (an integer, or a duration converted).</summary>
    public long? CpuRtPeriod { get; init; }
    public long? CpuRtRuntime { get; init; }
    /// <summary>Windows-only knobs the engine ignores (with a warning) on Linux; kept so nothing is silently lost here.</summary>
    public long? CpuCount { get; init; }
    public long? CpuPercent { get; init; }
    /// <summary>0-100.</summary>
    public long? MemSwappiness { get; init; }
    /// <summary>Memory plus swap, in bytes; -1 = unlimited swap.</summary>
    public long? MemswapLimit { get; init; }
    public ImmutableArray<string> DeviceCgroupRules { get; init; } = [];
    /// <summary>Cgroup namespace: "host" or "private"; null = the engine's default.</summary>
    public string? Cgroup { get; init; }
    public BlkioConfig? BlkioConfig { get; init; }
    /// <summary>`gpus`: GPU requests (`all` becomes one request for every GPU).</summary>
    public ImmutableArray<DeviceRequest> Gpus { get; init; } = [];
    /// <summary>`attach: false`: an attached `up` does not show this service's output unless --attach names it; null = not written (attached).</summary>
    public bool? Attach { get; init; }
    /// <summary>`use_api_socket`: the engine's socket is mounted into the container, as docker compose does.</summary>
    public bool UseApiSocket { get; init; }
    public string? StopSignal { get; init; }
    public TimeSpan? StopGracePeriod { get; init; }
    public ImmutableArray<ServiceFileRef> Configs { get; init; } = [];
    public ImmutableArray<ServiceFileRef> Secrets { get; init; } = [];
    public ImmutableArray<string> Profiles { get; init; } = [];
    /// <summary>always | never | missing | build | daily | weekly | every_... (as written, lowercase; if_not_present becomes missing unless loaded without normalization); null = default (missing).</summary>
    public string? PullPolicy { get; init; }
    public string? Platform { get; init; }
    public LoggingConfig? Logging { get; init; }
    public ImmutableArray<DeviceMapping> Devices { get; init; } = [];
    public ImmutableArray<string> GroupAdd { get; init; } = [];
    public string? Pid { get; init; }
    public string? Ipc { get; init; }
    public string? Uts { get; init; }
    public string? UsernsMode { get; init; }
    public string? Runtime { get; init; }
    public string? CgroupParent { get; init; }
    public string? MacAddress { get; init; }
    public long? PidsLimit { get; init; }
    public bool? OomKillDisable { get; init; }
    public int? OomScoreAdj { get; init; }
    public ImmutableArray<string> Tmpfs { get; init; } = [];
    public ImmutableSortedDictionary<string, string> StorageOpt { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    /// <summary>`models`: top-level model key -> how the service receives it (null: named in list form, no variables set).</summary>
    public ImmutableSortedDictionary<string, ServiceModel?> Models { get; init; } = ImmutableSortedDictionary<string, ServiceModel?>.Empty;
    /// <summary>`post_start`: commands exec'd in each container right after it starts, in order; one failing fails the start (as docker compose).</summary>
    public ImmutableArray<ServiceHook> PostStart { get; init; } = [];
    /// <summary>`pre_stop`: commands exec'd in each running container before composer stops it (stop, down, recreate).</summary>
    public ImmutableArray<ServiceHook> PreStop { get; init; } = [];
    /// <summary>`isolation`: HostConfig.Isolation, sent as written; a Linux engine accepts only "default" and answers the rest itself.</summary>
    public string? Isolation { get; init; }
    /// <summary>`credential_spec`: Windows gMSA credentials; kept for `config`, refused by the verbs that create containers.</summary>
    public CredentialSpecConfig? CredentialSpec { get; init; }
    /// <summary>`provider`: a service run by an external plugin instead of a container; kept for `config`, refused by the verbs that create containers.</summary>
    public ProviderConfig? Provider { get; init; }
    /// <summary>`pull_refresh_after` as written (a refresh window, e.g. 2d); only with pull_policy: refresh, which it turns into that window.</summary>
    public string? PullRefreshAfter { get; init; }
    /// <summary>`develop`: what `watch` and `up --watch` do with changed files; null when not declared.</summary>
    public DevelopConfig? Develop { get; init; }
    /// <summary>x-* keys of the service, as raw trees, for `config` to print as written.</summary>
    public ImmutableSortedDictionary<string, RawValue> Extensions { get; init; } = ImmutableSortedDictionary<string, RawValue>.Empty;

    /// <summary>`x-composer`: composer's own settings, read and checked at load.</summary>
    public ComposerSettings Composer { get; init; } = ComposerSettings.None;
}

/// <summary>Where a key was written (file:line:col), for refusals made after loading, when the tree is gone.</summary>
public sealed record SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>`credential_spec`: one of config, file or registry names the gMSA credential spec (Windows containers only).</summary>
public sealed record CredentialSpecConfig
{
    public string? Config { get; init; }
    public string? File { get; init; }
    public string? Registry { get; init; }
    public ImmutableSortedDictionary<string, RawValue> Extensions { get; init; } = ImmutableSortedDictionary<string, RawValue>.Empty;
    /// <summary>The `credential_spec` key; not printed.</summary>
    public SourcePosition? DeclaredAt { get; init; }
}

/// <summary>`provider`: the plugin (`type`) that manages the service, and its options (each a list of strings, as compose-go keeps them).</summary>
public sealed record ProviderConfig
{
    public required string Type { get; init; }
    public ImmutableSortedDictionary<string, ImmutableArray<string>> Options { get; init; } = ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty;
    public ImmutableSortedDictionary<string, RawValue> Extensions { get; init; } = ImmutableSortedDictionary<string, RawValue>.Empty;
    /// <summary>The `provider` key; not printed.</summary>
    public SourcePosition? DeclaredAt { get; init; }
}

/// <summary>An env_file entry: its path, whether a missing file is an error, and its format (null: the dotenv syntax; "raw").</summary>
public sealed record EnvFileReference(string Path, bool Required = true, string? Format = null);

public sealed record BuildConfig
{
    /// <summary>Absolute path (or URL / git context as written).</summary>
    public required string Context { get; init; }
    /// <summary>Dockerfile path as written (relative to the context); default "Dockerfile" ("" when loaded without normalization).</summary>
    public string Dockerfile { get; init; } = "Dockerfile";
    public string? DockerfileInline { get; init; }
    public ImmutableSortedDictionary<string, string?> Args { get; init; } = ImmutableSortedDictionary<string, string?>.Empty;
    public string? Target { get; init; }
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public string? Network { get; init; }
    public ImmutableArray<string> CacheFrom { get; init; } = [];
    public ImmutableArray<string> Tags { get; init; } = [];
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    /// <summary>Bytes; compose-go prints it as a quoted number.</summary>
    public long? ShmSize { get; init; }
    public ImmutableArray<string> ExtraHosts { get; init; } = [];
    /// <summary>HostConfig-like knobs of the classic builder (POST /build): isolation and ulimits are sent with the build.</summary>
    public string? Isolation { get; init; }
    public ImmutableSortedDictionary<string, Ulimit> Ulimits { get; init; } = ImmutableSortedDictionary<string, Ulimit>.Empty;
    /// <summary>Platforms to build for. One is sent as the classic builder's `platform`; several need BuildKit.</summary>
    public ImmutableArray<string> Platforms { get; init; } = [];
    // The keys below are BuildKit's: kept and printed by `config`, carried by BuildKit's session or, where this engine cannot, refused by the verbs that build (BuildKeyLimits).
    /// <summary>name -> context (an absolute path, a URL, or service:NAME).</summary>
    public ImmutableSortedDictionary<string, string> AdditionalContexts { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public ImmutableArray<string> CacheTo { get; init; } = [];
    public ImmutableArray<string> Entitlements { get; init; } = [];
    public bool Privileged { get; init; }
    /// <summary>As compose-go keeps it: a string ("true", "mode=max", ...).</summary>
    public string? Provenance { get; init; }
    public string? Sbom { get; init; }
    /// <summary>Build secrets; the target is printed only as written (compose-go fills in no default here).</summary>
    public ImmutableArray<ServiceFileRef> Secrets { get; init; } = [];
    /// <summary>ssh id -> socket or key path (null: the default agent).</summary>
    public ImmutableSortedDictionary<string, string?> Ssh { get; init; } = ImmutableSortedDictionary<string, string?>.Empty;
    /// <summary>Where each build key was written (file:line:col), for refusals made when a build is planned; not printed.</summary>
    public ImmutableSortedDictionary<string, SourcePosition> Positions { get; init; } = ImmutableSortedDictionary<string, SourcePosition>.Empty;
}

public enum PortMode { Ingress, Host }

public sealed record PortConfig
{
    public string? HostIp { get; init; }
    /// <summary>Host port or range ("8000" or "8000-8002"); null = ephemeral.</summary>
    public string? Published { get; init; }
    public required int Target { get; init; }
    /// <summary>"tcp" | "udp" | "sctp".</summary>
    public string Protocol { get; init; } = "tcp";
    public PortMode Mode { get; init; } = PortMode.Ingress;
    public string? Name { get; init; }
    public string? AppProtocol { get; init; }
}

public enum VolumeType { Bind, Volume, Tmpfs, Npipe, Cluster, Image }

public sealed record ServiceVolume
{
    public required VolumeType Type { get; init; }
    /// <summary>Bind: absolute host path. Volume: top-level volume key (null = anonymous).</summary>
    public string? Source { get; init; }
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
    public string? Consistency { get; init; }
    public BindOptions? Bind { get; init; }
    public VolumeOptions? Volume { get; init; }
    public TmpfsOptions? Tmpfs { get; init; }
    /// <summary>`image`: options of a `type: image` mount (an image's content mounted read-only, Engine API 1.47).</summary>
    public ImageMountOptions? Image { get; init; }
    /// <summary>Where the mount is written, for refusals of what the engine cannot mount.</summary>
    public SourcePosition? DeclaredAt { get; init; }
}

public sealed record ImageMountOptions
{
    public string? Subpath { get; init; }
}

public sealed record BindOptions
{
    public string? Propagation { get; init; }
    /// <summary>
    /// Create the host path when missing: true for short syntax, as in Compose; null when the long
    /// syntax does not say (created, as the engine's binds do); false refuses a missing path.
    /// </summary>
    public bool? CreateHostPath { get; init; }
    /// <summary>"z" | "Z" | null.</summary>
    public string? SELinux { get; init; }
    /// <summary>`recursive`: enabled (the default), disabled, writable or readonly (Mount.BindOptions, Engine API 1.44).</summary>
    public string? Recursive { get; init; }
}

public sealed record VolumeOptions
{
    public bool NoCopy { get; init; }
    public string? Subpath { get; init; }
    /// <summary>Labels given to the volume when this mount creates it (Mount.VolumeOptions.Labels).</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

public sealed record TmpfsOptions
{
    public long? Size { get; init; }
    public int? Mode { get; init; }
}

public sealed record ServiceNetwork
{
    public ImmutableArray<string> Aliases { get; init; } = [];
    public string? Ipv4Address { get; init; }
    public string? Ipv6Address { get; init; }
    public int Priority { get; init; }
    public string? MacAddress { get; init; }
    /// <summary>Link-local addresses of the endpoint (EndpointSettings.IPAMConfig.LinkLocalIPs).</summary>
    public ImmutableArray<string> LinkLocalIps { get; init; } = [];
    /// <summary>Endpoint driver options (EndpointSettings.DriverOpts).</summary>
    public ImmutableSortedDictionary<string, string> DriverOpts { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    /// <summary>The interface's name in the container, sent as docker compose sends it: driver option com.docker.network.endpoint.ifname.</summary>
    public string? InterfaceName { get; init; }
    /// <summary>`gw_priority`: which network gives the default gateway (API 1.48); kept and printed, refused by the verbs that create containers.</summary>
    public int? GwPriority { get; init; }
    /// <summary>The `gw_priority` key, for that refusal; not printed.</summary>
    public SourcePosition? GwPriorityAt { get; init; }
}

public sealed record Dependency(DependencyCondition Condition, bool Restart = false, bool Required = true);

public sealed record Link(string Service, string Alias);

public sealed record HealthcheckConfig
{
    /// <summary>["CMD", ...], ["CMD-SHELL", cmd] or ["NONE"]; empty = inherit image's test.</summary>
    public ImmutableArray<string> Test { get; init; } = [];
    public TimeSpan? Interval { get; init; }
    public TimeSpan? Timeout { get; init; }
    public TimeSpan? StartPeriod { get; init; }
    public TimeSpan? StartInterval { get; init; }
    public int? Retries { get; init; }
    /// <summary>`disable` as written (compose-go prints it so); <see cref="IsDisabled"/> is what runs.</summary>
    public bool Disable { get; init; }
    /// <summary>No check runs: `disable: true`, or a test of ["NONE"].</summary>
    public bool IsDisabled => Disable || Test is ["NONE"];
}

public enum RestartKind { No, Always, UnlessStopped, OnFailure }

/// <summary>Typed restart policy: no | always | unless-stopped | on-failure[:N].</summary>
public sealed record RestartPolicy(RestartKind Kind, int? MaxRetries = null)
{
    public static readonly RestartPolicy No = new(RestartKind.No);
    public static readonly RestartPolicy Always = new(RestartKind.Always);
    public static readonly RestartPolicy UnlessStopped = new(RestartKind.UnlessStopped);
    public static RestartPolicy OnFailure(int? maxRetries = null) => new(RestartKind.OnFailure, maxRetries);

    public override string ToString() => Kind switch
    {
        RestartKind.No => "no",
        RestartKind.Always => "always",
        RestartKind.UnlessStopped => "unless-stopped",
        _ => MaxRetries is { } n ? $"on-failure:{n}" : "on-failure",
    };

    /// <summary>Parses "no", "always", "unless-stopped", "on-failure", "on-failure:N"; null when invalid.</summary>
    public static RestartPolicy? TryParse(string text)
    {
        switch (text)
        {
            case "no" or "": return No;
            case "always": return Always;
            case "unless-stopped": return UnlessStopped;
            case "on-failure": return OnFailure();
        }
        if (text.StartsWith("on-failure:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(11), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return OnFailure(n);
        return null;
    }
}

public sealed record DeployConfig
{
    /// <summary>"replicated" (default) | "global".</summary>
    public string? Mode { get; init; }
    public int? Replicas { get; init; }
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public UpdateConfig? UpdateConfig { get; init; }
    public UpdateConfig? RollbackConfig { get; init; }
    public ResourcesConfig? Resources { get; init; }
    public DeployRestartPolicy? RestartPolicy { get; init; }
    public ImmutableArray<string> PlacementConstraints { get; init; } = [];
    /// <summary>placement.preferences: the spread descriptors (e.g. node.labels.zone), in order (swarm).</summary>
    public ImmutableArray<string> PlacementPreferences { get; init; } = [];
    public int? MaxReplicasPerNode { get; init; }
    /// <summary>"vip" | "dnsrr".</summary>
    public string? EndpointMode { get; init; }
}

public sealed record ResourcesConfig
{
    public ResourceSpec? Limits { get; init; }
    public ResourceSpec? Reservations { get; init; }
}

/// <summary>`blkio_config`: block IO weight and per-device throttles (rates in bytes or operations per second).</summary>
public sealed record BlkioConfig
{
    /// <summary>10-1000.</summary>
    public int? Weight { get; init; }
    public ImmutableArray<BlkioWeightDevice> WeightDevice { get; init; } = [];
    public ImmutableArray<BlkioThrottle> DeviceReadBps { get; init; } = [];
    public ImmutableArray<BlkioThrottle> DeviceReadIops { get; init; } = [];
    public ImmutableArray<BlkioThrottle> DeviceWriteBps { get; init; } = [];
    public ImmutableArray<BlkioThrottle> DeviceWriteIops { get; init; } = [];
}

public sealed record BlkioWeightDevice(string Path, int Weight);

public sealed record BlkioThrottle(string Path, long Rate);

public sealed record ResourceSpec
{
    public double? Cpus { get; init; }
    /// <summary>Bytes.</summary>
    public long? Memory { get; init; }
    public long? Pids { get; init; }
    /// <summary>deploy.resources.reservations.devices: device requests (GPUs and the like).</summary>
    public ImmutableArray<DeviceRequest> Devices { get; init; } = [];
    /// <summary>deploy.resources.reservations.generic_resources: user-defined countable resources (swarm), in order.</summary>
    public ImmutableArray<DiscreteResource> GenericResources { get; init; } = [];
}

/// <summary>A generic_resources entry's discrete_resource_spec: so many of a kind (e.g. SSD=2).</summary>
public sealed record DiscreteResource(string Kind, long Value);

/// <summary>A request for devices from a driver (e.g. nvidia GPUs), as `gpus` and reservations.devices write it.</summary>
public sealed record DeviceRequest
{
    public ImmutableArray<string> Capabilities { get; init; } = [];
    public string? Driver { get; init; }
    /// <summary>-1 = all; null when device_ids name the devices instead.</summary>
    public long? Count { get; init; }
    public ImmutableArray<string> DeviceIds { get; init; } = [];
    public ImmutableSortedDictionary<string, string> Options { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

public sealed record DeployRestartPolicy
{
    /// <summary>"none" | "on-failure" | "any".</summary>
    public string? Condition { get; init; }
    public TimeSpan? Delay { get; init; }
    public int? MaxAttempts { get; init; }
    public TimeSpan? Window { get; init; }
}

public sealed record UpdateConfig
{
    public int? Parallelism { get; init; }
    public TimeSpan? Delay { get; init; }
    public string? FailureAction { get; init; }
    public TimeSpan? Monitor { get; init; }
    public double? MaxFailureRatio { get; init; }
    public string? Order { get; init; }
}

/// <param name="Soft">The soft limit.</param>
/// <param name="Hard">The hard limit.</param>
public sealed record Ulimit(long Soft, long Hard)
{
    /// <summary>Written as one number (soft = hard), which `config` prints back as that number, as compose-go does.</summary>
    public bool Single { get; init; }
}

/// <summary>A service's reference to a top-level config or secret.</summary>
public sealed record ServiceFileRef
{
    public required string Source { get; init; }
    /// <summary>Absolute target path in the container (defaults: /&lt;source&gt; for configs, /run/secrets/&lt;source&gt; for secrets).</summary>
    public required string Target { get; init; }
    /// <summary>
    /// The target as the file wrote it (null when left out): `config` prints this one, as compose-go, which
    /// fills in only a secret's default target and leaves a relative one as written.
    /// </summary>
    public string? WrittenTarget { get; init; }
    public string? Uid { get; init; }
    public string? Gid { get; init; }
    /// <summary>File mode (e.g. 0444 = 292).</summary>
    public int? Mode { get; init; }
}

public sealed record LoggingConfig
{
    public string? Driver { get; init; }
    public ImmutableSortedDictionary<string, string> Options { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

public sealed record DeviceMapping(string Source, string Target, string Permissions);

public sealed record NetworkConfig
{
    /// <summary>Top-level key.</summary>
    public required string Key { get; init; }
    /// <summary>Name on the engine: `name:` if given, else the key when external, else &lt;project&gt;_&lt;key&gt; ("" when loaded without normalization and no `name:`).</summary>
    public required string Name { get; init; }
    public string? Driver { get; init; }
    public ImmutableSortedDictionary<string, string> DriverOpts { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool? EnableIpv6 { get; init; }
    /// <summary>`enable_ipv4` as written (null: not written, IPv4 on). false needs API 1.47; the verbs that create networks refuse it.</summary>
    public bool? EnableIpv4 { get; init; }
    /// <summary>The `enable_ipv4` key, for that refusal; not printed.</summary>
    public SourcePosition? EnableIpv4At { get; init; }
    public bool External { get; init; }
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public IpamConfig? Ipam { get; init; }
}

public sealed record IpamConfig
{
    public string? Driver { get; init; }
    public ImmutableArray<IpamPool> Config { get; init; } = [];
    public ImmutableSortedDictionary<string, string> Options { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

public sealed record IpamPool
{
    public string? Subnet { get; init; }
    public string? IpRange { get; init; }
    public string? Gateway { get; init; }
    public ImmutableSortedDictionary<string, string> AuxAddresses { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

public sealed record VolumeConfig
{
    public required string Key { get; init; }
    /// <summary>Name on the engine: `name:` if given, else the key when external, else &lt;project&gt;_&lt;key&gt; ("" when loaded without normalization and no `name:`).</summary>
    public required string Name { get; init; }
    public string? Driver { get; init; }
    public ImmutableSortedDictionary<string, string> DriverOpts { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    public bool External { get; init; }
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}

/// <summary>Top-level config or secret: exactly one of File / Environment / Content, or External.</summary>
public sealed record FileObjectConfig
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    /// <summary>Absolute path.</summary>
    public string? File { get; init; }
    /// <summary>Name of the environment variable providing the content.</summary>
    public string? Environment { get; init; }
    public string? Content { get; init; }
    public bool External { get; init; }
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    /// <summary>`template_driver` (e.g. golang): swarm renders the content with it (Spec.Templating); plain containers get the file as is.</summary>
    public string? TemplateDriver { get; init; }
    /// <summary>A secret's `driver`: the swarm secret store plugin that provides it; plain containers get the file as is.</summary>
    public string? Driver { get; init; }
    public ImmutableSortedDictionary<string, string> DriverOpts { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}
