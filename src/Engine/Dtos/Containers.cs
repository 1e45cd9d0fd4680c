namespace Composer.Engine;

// Container DTOs. Property names are the Engine API's own (v1.41), so JSON maps one to one.

public sealed class ContainerCreateRequest
{
    public string? Hostname { get; set; }
    public string? Domainname { get; set; }
    public string? User { get; set; }
    public bool? AttachStdin { get; set; }
    public bool? AttachStdout { get; set; }
    public bool? AttachStderr { get; set; }
    public Dictionary<string, object>? ExposedPorts { get; set; }
    public bool? Tty { get; set; }
    public bool? OpenStdin { get; set; }
    /// <summary>Close stdin when the attached client detaches (as `docker run -i`).</summary>
    public bool? StdinOnce { get; set; }
    public List<string>? Env { get; set; }
    public List<string>? Cmd { get; set; }
    public HealthConfig? Healthcheck { get; set; }
    public string? Image { get; set; }
    public string? WorkingDir { get; set; }
    public List<string>? Entrypoint { get; set; }
    public string? MacAddress { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? StopSignal { get; set; }
    public int? StopTimeout { get; set; }
    public HostConfig? HostConfig { get; set; }
    public NetworkingConfig? NetworkingConfig { get; set; }
}

public sealed class HealthConfig
{
    public List<string>? Test { get; set; }
    public long? Interval { get; set; }
    public long? Timeout { get; set; }
    public int? Retries { get; set; }
    public long? StartPeriod { get; set; }
}

public sealed class HostConfig
{
    public List<string>? Binds { get; set; }
    public string? NetworkMode { get; set; }
    public Dictionary<string, List<PortBinding>>? PortBindings { get; set; }
    public EngineRestartPolicy? RestartPolicy { get; set; }
    public List<string>? VolumesFrom { get; set; }
    public List<Mount>? Mounts { get; set; }
    public List<string>? CapAdd { get; set; }
    public List<string>? CapDrop { get; set; }
    public List<string>? Dns { get; set; }
    public List<string>? DnsOptions { get; set; }
    public List<string>? DnsSearch { get; set; }
    public List<string>? ExtraHosts { get; set; }
    public List<string>? GroupAdd { get; set; }
    public string? IpcMode { get; set; }
    public string? Cgroup { get; set; }
    public List<string>? Links { get; set; }
    public int? OomScoreAdj { get; set; }
    public string? PidMode { get; set; }
    public bool? Privileged { get; set; }
    public bool? ReadonlyRootfs { get; set; }
    public List<string>? SecurityOpt { get; set; }
    public Dictionary<string, string>? StorageOpt { get; set; }
    public Dictionary<string, string>? Tmpfs { get; set; }
    public string? UTSMode { get; set; }
    public string? UsernsMode { get; set; }
    public long? ShmSize { get; set; }
    public Dictionary<string, string>? Sysctls { get; set; }
    public string? Runtime { get; set; }
    /// <summary>default | process | hyperv (Windows); a Linux engine accepts only default and refuses the rest.</summary>
    public string? Isolation { get; set; }
    public LogConfig? LogConfig { get; set; }
    public bool? Init { get; set; }
    public long? Memory { get; set; }
    public long? MemoryReservation { get; set; }
    public long? NanoCpus { get; set; }
    public long? CpuShares { get; set; }
    public string? CpusetCpus { get; set; }
    public long? PidsLimit { get; set; }
    public string? CgroupParent { get; set; }
    public bool? OomKillDisable { get; set; }
    public List<DeviceMapping>? Devices { get; set; }
    public List<EngineUlimit>? Ulimits { get; set; }
    public long? CpuPeriod { get; set; }
    public long? CpuQuota { get; set; }
    public long? CpuRealtimePeriod { get; set; }
    public long? CpuRealtimeRuntime { get; set; }
    public long? CpuCount { get; set; }
    public long? CpuPercent { get; set; }
    public long? MemorySwap { get; set; }
    public long? MemorySwappiness { get; set; }
    public List<string>? DeviceCgroupRules { get; set; }
    /// <summary>"host" or "private" (API 1.41+).</summary>
    public string? CgroupnsMode { get; set; }
    public int? BlkioWeight { get; set; }
    public List<WeightDevice>? BlkioWeightDevice { get; set; }
    public List<ThrottleDevice>? BlkioDeviceReadBps { get; set; }
    public List<ThrottleDevice>? BlkioDeviceWriteBps { get; set; }
    public List<ThrottleDevice>? BlkioDeviceReadIOps { get; set; }
    public List<ThrottleDevice>? BlkioDeviceWriteIOps { get; set; }
    public List<EngineDeviceRequest>? DeviceRequests { get; set; }
}

/// <summary>A device request (GPUs): Count -1 = all; each inner capability list is one acceptable set.</summary>
public sealed class EngineDeviceRequest
{
    public string? Driver { get; set; }
    public long Count { get; set; }
    public List<string>? DeviceIDs { get; set; }
    public List<List<string>>? Capabilities { get; set; }
    public Dictionary<string, string>? Options { get; set; }
}

public sealed class WeightDevice
{
    public string? Path { get; set; }
    public int Weight { get; set; }
}

public sealed class ThrottleDevice
{
    public string? Path { get; set; }
    public long Rate { get; set; }
}

public sealed class PortBinding
{
    public string? HostIp { get; set; }
    public string? HostPort { get; set; }
}

public sealed class EngineRestartPolicy
{
    public string Name { get; set; } = "no";
    public int MaximumRetryCount { get; set; }
}

public sealed class Mount
{
    public string? Target { get; set; }
    public string? Source { get; set; }
    public string? Type { get; set; }
    public bool? ReadOnly { get; set; }
    public MountBindOptions? BindOptions { get; set; }
    public MountVolumeOptions? VolumeOptions { get; set; }
    public MountTmpfsOptions? TmpfsOptions { get; set; }
}

public sealed class MountBindOptions
{
    public string? Propagation { get; set; }
}

public sealed class MountVolumeOptions
{
    public bool? NoCopy { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

public sealed class MountTmpfsOptions
{
    public long? SizeBytes { get; set; }
    public int? Mode { get; set; }
}

public sealed class EngineUlimit
{
    public string? Name { get; set; }
    public long Soft { get; set; }
    public long Hard { get; set; }
}

public sealed class DeviceMapping
{
    public string? PathOnHost { get; set; }
    public string? PathInContainer { get; set; }
    public string? CgroupPermissions { get; set; }
}

public sealed class LogConfig
{
    public string? Type { get; set; }
    public Dictionary<string, string>? Config { get; set; }
}

public sealed class NetworkingConfig
{
    public Dictionary<string, EndpointSettings>? EndpointsConfig { get; set; }
}

public sealed class EndpointSettings
{
    public EndpointIpamConfig? IPAMConfig { get; set; }
    public List<string>? Links { get; set; }
    public List<string>? Aliases { get; set; }
    public string? NetworkID { get; set; }
    public string? IPAddress { get; set; }
    public Dictionary<string, string>? DriverOpts { get; set; }
}

public sealed class EndpointIpamConfig
{
    public string? IPv4Address { get; set; }
    public string? IPv6Address { get; set; }
    public List<string>? LinkLocalIPs { get; set; }
}

public sealed class CreateResponse
{
    public string Id { get; set; } = "";
    public List<string>? Warnings { get; set; }
}

public sealed class ContainerSummary
{
    public string Id { get; set; } = "";
    public List<string>? Names { get; set; }
    public string? Image { get; set; }
    public string? ImageID { get; set; }
    public string? Command { get; set; }
    public long Created { get; set; }
    public List<ContainerPort>? Ports { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? State { get; set; }
    public string? Status { get; set; }
    public List<MountPoint>? Mounts { get; set; }
}

/// <summary>A mount as the engine reports it on a container (list and inspect).</summary>
public sealed class MountPoint
{
    public string? Type { get; set; }
    /// <summary>The volume's name, for a volume mount.</summary>
    public string? Name { get; set; }
    public string? Source { get; set; }
    public string? Destination { get; set; }
    /// <summary>The volume driver ("local"), for a volume mount.</summary>
    public string? Driver { get; set; }
}

public sealed class ContainerPort
{
    public string? IP { get; set; }
    public int PrivatePort { get; set; }
    public int? PublicPort { get; set; }
    public string? Type { get; set; }
}

public sealed class ContainerInspect
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Image { get; set; }
    public ContainerState? State { get; set; }
    public int RestartCount { get; set; }
    public ContainerCreateRequest? Config { get; set; }
    public HostConfig? HostConfig { get; set; }
    public NetworkSettings? NetworkSettings { get; set; }
}

public sealed class NetworkSettings
{
    public Dictionary<string, EndpointSettings>? Networks { get; set; }
}

public sealed class ContainerState
{
    public string? Status { get; set; }
    public bool Running { get; set; }
    public bool Paused { get; set; }
    public bool Restarting { get; set; }
    public bool OOMKilled { get; set; }
    public int Pid { get; set; }
    public int ExitCode { get; set; }
    public string? Error { get; set; }
    public string? StartedAt { get; set; }
    public string? FinishedAt { get; set; }
    public ContainerHealth? Health { get; set; }

    /// <summary>
    /// The health status as a verdict: the engine also says "unhealthy" for a container that is
    /// restarting, or stopped, before any check ran (no failing streak, no probe log). That is no
    /// verdict, and reads as "starting" here. Null without a healthcheck.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? HealthStatus => Health is { Status: "unhealthy" } health && (Restarting || health.FailingStreak == 0 && health.Log is null or [])
        ? "starting"
        : Health?.Status;
}

public sealed class ContainerHealth
{
    public string? Status { get; set; }
    public int FailingStreak { get; set; }
    /// <summary>The engine keeps the last few probes, oldest first.</summary>
    public List<HealthProbe>? Log { get; set; }
}

public sealed class HealthProbe
{
    public int ExitCode { get; set; }
    public string? Output { get; set; }
}

public sealed class WaitResponse
{
    public long StatusCode { get; set; }
}

public sealed class TopResponse
{
    public List<string>? Titles { get; set; }
    public List<List<string>>? Processes { get; set; }
}

public sealed class ContainerUpdateRequest
{
    public EngineRestartPolicy? RestartPolicy { get; set; }
}

/// <summary>Options of GET /containers/{id}/logs.</summary>
public sealed record LogRequest
{
    public bool Follow { get; init; }
    public string Tail { get; init; } = "all";
    public bool Timestamps { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;
}

public sealed class ExecRequest
{
    public List<string>? Cmd { get; set; }
    public List<string>? Env { get; set; }
    public string? WorkingDir { get; set; }
    public string? User { get; set; }
    public bool? Privileged { get; set; }
    public bool Tty { get; set; }
    public bool AttachStdin { get; set; }
    public bool AttachStdout { get; set; } = true;
    public bool AttachStderr { get; set; } = true;
}

public sealed class ExecStartRequest
{
    public bool Detach { get; set; }
    public bool Tty { get; set; }
}

public sealed class ExecInspect
{
    public string? ID { get; set; }
    public bool Running { get; set; }
    public int? ExitCode { get; set; }
}

/// <summary>
/// A path in a container as the engine describes it (the X-Docker-Container-Path-Stat header of
/// /containers/{id}/archive). <see cref="Mode"/> is a Go FileMode: permission bits plus type bits.
/// </summary>
public sealed class ContainerPathStat
{
    private const uint GoModeDirectory = 1u << 31;
    private const uint GoModeSymlink = 1u << 27;
    // Dir, symlink, named pipe, socket, device, char device, irregular: any of them set means not a regular file.
    private const uint GoModeType = GoModeDirectory | GoModeSymlink | (1u << 25) | (1u << 24) | (1u << 26) | (1u << 21) | (1u << 19);

    public string Name { get; set; } = "";
    public long Size { get; set; }
    public uint Mode { get; set; }
    public string? Mtime { get; set; }
    public string? LinkTarget { get; set; }

    public bool IsDirectory => (Mode & GoModeDirectory) != 0;
    public bool IsSymbolicLink => (Mode & GoModeSymlink) != 0;
    public bool IsRegularFile => (Mode & GoModeType) == 0;
}

/// <summary>Query options of PUT /containers/{id}/archive.</summary>
public sealed record ArchiveUploadOptions
{
    /// <summary>Let the engine apply ownership as `docker cp -a` does (the archive's, or the container user's).</summary>
    public bool CopyOwnership { get; init; }
    /// <summary>Fail rather than replace an existing directory with a file or the other way round.</summary>
    public bool NoOverwriteDirNonDir { get; init; }
}
