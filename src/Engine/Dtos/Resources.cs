namespace Composer.Engine;

// Networks, volumes, images, system and events (Engine API v1.41 names).

public sealed class NetworkCreateRequest
{
    public string Name { get; set; } = "";
    public bool? CheckDuplicate { get; set; }
    public string? Driver { get; set; }
    public bool? Internal { get; set; }
    public bool? Attachable { get; set; }
    public bool? EnableIPv6 { get; set; }
    public NetworkIpam? IPAM { get; set; }
    public Dictionary<string, string>? Options { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

public sealed class NetworkIpam
{
    public string? Driver { get; set; }
    public List<NetworkIpamPool>? Config { get; set; }
}

public sealed class NetworkIpamPool
{
    public string? Subnet { get; set; }
    public string? IPRange { get; set; }
    public string? Gateway { get; set; }
}

public sealed class NetworkSummary
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>RFC 3339 with up to nanoseconds, as the engine writes it.</summary>
    public string? Created { get; set; }
    public string? Driver { get; set; }
    public bool Internal { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, NetworkContainer>? Containers { get; set; }
}

public sealed class NetworkContainer
{
    public string? Name { get; set; }
    public string? IPv4Address { get; set; }
}

public sealed class NetworkConnectRequest
{
    public string Container { get; set; } = "";
    public EndpointSettings? EndpointConfig { get; set; }
}

public sealed class NetworkDisconnectRequest
{
    public string Container { get; set; } = "";
    public bool Force { get; set; }
}

public sealed class VolumeCreateRequest
{
    public string Name { get; set; } = "";
    public string? Driver { get; set; }
    public Dictionary<string, string>? DriverOpts { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

public sealed class VolumeSummary
{
    public string Name { get; set; } = "";
    public string? Driver { get; set; }
    public string? Mountpoint { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? Scope { get; set; }
}

public sealed class VolumeListResponse
{
    public List<VolumeSummary>? Volumes { get; set; }
}

public sealed class ImageInspect
{
    public string Id { get; set; } = "";
    public List<string>? RepoTags { get; set; }
    public long Size { get; set; }
    public string? Created { get; set; }
    public string? Os { get; set; }
    public string? Architecture { get; set; }
    public string? Variant { get; set; }
    public ImageMetadata? Metadata { get; set; }
}

public sealed class ImageMetadata
{
    /// <summary>When a tag last moved onto the image locally (tag, build); the zero time after a pull on engine 20.10.</summary>
    public DateTimeOffset? LastTagTime { get; set; }
}

public sealed class ImageSummary
{
    public string Id { get; set; } = "";
    public List<string>? RepoTags { get; set; }
    public long Size { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}

/// <summary>Options of POST /build (sent as query parameters).</summary>
public sealed record ImageBuildRequest
{
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Hears a BuildKit build's steps as they change, for the caller to show; without it they come as plain lines.</summary>
    public Action<BuildStepEvent>? Steps { get; init; }
    public string Dockerfile { get; init; } = "Dockerfile";
    /// <summary>`dockerfile_inline`: the Dockerfile's text itself, sent inside the context in place of <see cref="Dockerfile"/>.</summary>
    public string? DockerfileText { get; init; }
    public IReadOnlyDictionary<string, string>? BuildArgs { get; init; }
    public string? Target { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public string? NetworkMode { get; init; }
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    /// <summary>Memory limit of the build's containers, in bytes.</summary>
    public long? Memory { get; init; }
    /// <summary>Images the builder may take cached layers from (`cachefrom`, a JSON array).</summary>
    public IReadOnlyList<string> CacheFrom { get; init; } = [];
    /// <summary>Size of the build containers' /dev/shm, in bytes.</summary>
    public long? ShmSize { get; init; }
    /// <summary>"host:ip" entries for the build containers' /etc/hosts (one `extrahosts` parameter each).</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    /// <summary>Isolation of the build containers (Windows engines; a Linux engine accepts "default").</summary>
    public string? Isolation { get; init; }
    /// <summary>Ulimits of the build containers (`ulimits`, a JSON array of {Name, Soft, Hard}).</summary>
    public IReadOnlyList<EngineUlimit> Ulimits { get; init; } = [];
    /// <summary>The one platform to build for (os[/arch[/variant]]); the classic builder takes no more than one.</summary>
    public string? Platform { get; init; }
    /// <summary>Build with BuildKit through a session (true) or with the classic builder (false).</summary>
    public bool BuildKit { get; init; }
    /// <summary>Secrets a BuildKit build may mount (`RUN --mount=type=secret,id=...`), read when the engine asks.</summary>
    public IReadOnlyList<BuildSecret> Secrets { get; init; } = [];
    /// <summary>ssh agents a BuildKit build may use (`RUN --mount=type=ssh[,id=...]`), by id.</summary>
    public IReadOnlyList<BuildSshAgent> Ssh { get; init; } = [];
}

/// <summary>
/// An ssh agent offered to a build under an id: <paramref name="Path"/> is an agent's socket or private
/// key files (comma-separated, as the docker CLI takes them); null means the user's agent ($SSH_AUTH_SOCK).
/// </summary>
public sealed record BuildSshAgent(string Id, string? Path = null);

/// <summary>A build secret: its id and where its value comes from, a file or an environment variable.</summary>
public sealed record BuildSecret(string Id, string? File = null, string? Environment = null)
{
    /// <summary>The value itself, when the caller has already resolved it (a compose secret's variable, which a .env file may set).</summary>
    public string? Value { get; init; }

    /// <summary>The value, read now; null when its source does not exist.</summary>
    public byte[]? Read() =>
        Value is { } known ? System.Text.Encoding.UTF8.GetBytes(known)
        : File is { } path ? (System.IO.File.Exists(path) ? System.IO.File.ReadAllBytes(path) : null)
        : Environment is { } name && System.Environment.GetEnvironmentVariable(name) is { } value ? System.Text.Encoding.UTF8.GetBytes(value)
        : null;
}

/// <summary>One line of a pull/build progress stream.</summary>
public sealed class ProgressMessage
{
    public string? Stream { get; set; }
    public string? Status { get; set; }
    public string? Progress { get; set; }
    public string? Id { get; set; }
    public string? Error { get; set; }
    public ProgressError? ErrorDetail { get; set; }
    public ProgressAux? Aux { get; set; }
}

public sealed class ProgressError
{
    public string? Message { get; set; }
}

public sealed class ProgressAux
{
    public string? ID { get; set; }
}

public sealed class ErrorResponse
{
    public string? Message { get; set; }
}

public sealed class VersionResponse
{
    public string? Version { get; set; }
    public string? ApiVersion { get; set; }
    public string? MinAPIVersion { get; set; }
    public string? Os { get; set; }
    public string? Arch { get; set; }
    public string? KernelVersion { get; set; }
}

public sealed class SystemInfo
{
    public string? ID { get; set; }
    public string? Name { get; set; }
    public int Containers { get; set; }
    public int Images { get; set; }
    public string? ServerVersion { get; set; }
    public string? OperatingSystem { get; set; }
    public int NCPU { get; set; }
    public long MemTotal { get; set; }
}

public sealed class EngineEvent
{
    public string? Type { get; set; }
    public string? Action { get; set; }
    public EventActor? Actor { get; set; }
    public long? Time { get; set; }
    public long? TimeNano { get; set; }

    /// <summary>When the engine saw it, to the 100 ns (TimeNano when sent, else Time).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset At => TimeNano is { } nanos ? DateTimeOffset.UnixEpoch.AddTicks(nanos / 100) : DateTimeOffset.FromUnixTimeSeconds(Time ?? 0);
}

public sealed class EventActor
{
    public string? ID { get; set; }
    public Dictionary<string, string>? Attributes { get; set; }
}

/// <summary>Filters of GET /events.</summary>
public sealed record EventFilters
{
    public IReadOnlyList<string> Type { get; init; } = [];
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Event { get; init; } = [];
    public IReadOnlyList<string> Container { get; init; } = [];
    /// <summary>Replay events from this moment (the engine keeps a short history), then follow.</summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>The stream ends at this moment (at once, after the replay, when it is past).</summary>
    public DateTimeOffset? Until { get; init; }
}

/// <summary>Options of POST /containers/{id}/attach.</summary>
public sealed record ContainerAttachOptions
{
    public bool Stdin { get; init; } = true;
    /// <summary>docker's key sequence (`ctrl-p,ctrl-q`) that detaches without stopping the container; null for the engine's default.</summary>
    public string? DetachKeys { get; init; }
}

/// <summary>Options of POST /commit: where the image goes and what is recorded with it.</summary>
public sealed record CommitRequest
{
    public string? Repository { get; init; }
    public string? Tag { get; init; }
    public string? Author { get; init; }
    public string? Message { get; init; }
    /// <summary>Dockerfile instructions applied to the image's config (`ENV X=1`, `CMD ...`).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];
    /// <summary>Pause the container while committing, so the filesystem is consistent.</summary>
    public bool Pause { get; init; } = true;
}
