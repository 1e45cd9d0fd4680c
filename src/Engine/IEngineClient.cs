namespace Composer.Engine;

/// <summary>The Docker Engine API, as much of it as Composer uses. Every call takes a token; streams end when it fires.</summary>
public interface IEngineClient : IDisposable
{
    EngineEndpoint Endpoint { get; }

    // system
    Task PingAsync(CancellationToken cancellationToken);
    /// <summary>Whether a new connection (not a pooled one) gets an answer within a few seconds: false while the engine shuts down.</summary>
    Task<bool> AcceptsNewConnectionsAsync(CancellationToken cancellationToken);
    Task<VersionResponse> VersionAsync(CancellationToken cancellationToken);
    Task<SystemInfo> InfoAsync(CancellationToken cancellationToken);
    IAsyncEnumerable<EngineEvent> MonitorEventsAsync(EventFilters filters, CancellationToken cancellationToken);

    // containers
    Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all, IEnumerable<string> labelFilters, CancellationToken cancellationToken);
    Task<ContainerInspect> InspectContainerAsync(string id, CancellationToken cancellationToken);
    Task<string> CreateContainerAsync(string? name, ContainerCreateRequest request, CancellationToken cancellationToken);
    Task StartContainerAsync(string id, CancellationToken cancellationToken);
    Task StopContainerAsync(string id, int timeoutSeconds, CancellationToken cancellationToken);
    Task RestartContainerAsync(string id, int timeoutSeconds, CancellationToken cancellationToken);
    Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken);
    Task PauseContainerAsync(string id, CancellationToken cancellationToken);
    Task UnpauseContainerAsync(string id, CancellationToken cancellationToken);
    Task RemoveContainerAsync(string id, bool force, bool volumes, CancellationToken cancellationToken);
    Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken);
    Task UpdateRestartPolicyAsync(string id, EngineRestartPolicy policy, CancellationToken cancellationToken);
    Task RenameContainerAsync(string id, string newName, CancellationToken cancellationToken);
    Task<TopResponse> TopContainerAsync(string id, CancellationToken cancellationToken);
    /// <summary>Makes an image of the container's filesystem and settings; returns its id.</summary>
    Task<string> CommitContainerAsync(string id, CommitRequest request, CancellationToken cancellationToken);
    /// <summary>Streams the container's filesystem, as a tar archive, into <paramref name="destination"/>.</summary>
    Task ExportContainerAsync(string id, Stream destination, CancellationToken cancellationToken);
    /// <summary>One resource-usage sample of the container: the engine's stats JSON (stream=false).</summary>
    Task<string> ContainerStatsAsync(string id, CancellationToken cancellationToken);
    IAsyncEnumerable<LogFrame> ContainerLogsAsync(string id, LogRequest request, CancellationToken cancellationToken);
    /// <summary>Extracts a tar archive into the directory <paramref name="path"/> of the container.</summary>
    Task PutArchiveAsync(string id, string path, Stream tar, ArchiveUploadOptions options, CancellationToken cancellationToken);
    /// <summary>A tar archive of <paramref name="path"/> in the container, with what the engine says the path is.</summary>
    Task<ContainerArchive> GetArchiveAsync(string id, string path, CancellationToken cancellationToken);
    /// <summary>What <paramref name="path"/> is in the container, without its content; <see cref="EngineNotFoundException"/> when it is not there.</summary>
    Task<ContainerPathStat> StatContainerPathAsync(string id, string path, CancellationToken cancellationToken);
    /// <summary>The container's stdin/stdout as one duplex connection (attach before start to miss nothing).</summary>
    Task<HijackedConnection> AttachContainerInteractiveAsync(string id, CancellationToken cancellationToken);
    /// <summary>Attaches to a running container's streams, stdin only when asked; the engine ends the attach on the detach keys.</summary>
    Task<HijackedConnection> AttachContainerAsync(string id, ContainerAttachOptions options, CancellationToken cancellationToken);
    Task ResizeContainerAsync(string id, int height, int width, CancellationToken cancellationToken);
    Task<string> CreateExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken);
    Task StartExecDetachedAsync(string execId, CancellationToken cancellationToken);
    Task<HijackedConnection> StartExecInteractiveAsync(string execId, bool tty, CancellationToken cancellationToken);
    Task ResizeExecAsync(string execId, int height, int width, CancellationToken cancellationToken);
    Task<ExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken);

    // networks
    Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken);
    /// <summary>Every network named exactly <paramref name="name"/>: the engine lets several share a name.</summary>
    Task<IReadOnlyList<NetworkSummary>> ListNetworksNamedAsync(string name, CancellationToken cancellationToken);
    Task<NetworkSummary> InspectNetworkAsync(string name, CancellationToken cancellationToken);
    Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken);
    Task RemoveNetworkAsync(string name, CancellationToken cancellationToken);
    Task ConnectNetworkAsync(string network, string containerId, EndpointSettings? endpoint, CancellationToken cancellationToken);
    Task DisconnectNetworkAsync(string network, string containerId, bool force, CancellationToken cancellationToken);

    // volumes
    Task<IReadOnlyList<VolumeSummary>> ListVolumesAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken);
    Task<VolumeSummary> InspectVolumeAsync(string name, CancellationToken cancellationToken);
    Task<VolumeSummary> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken cancellationToken);
    Task RemoveVolumeAsync(string name, CancellationToken cancellationToken);

    // images
    Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken);
    Task<ImageInspect> InspectImageAsync(string reference, CancellationToken cancellationToken);
    Task PullImageAsync(string reference, Action<string> progress, CancellationToken cancellationToken);
    /// <param name="registryAuth">X-Registry-Auth: base64url JSON credentials (<see cref="RegistryAuth"/>); the engine wants one even when empty.</param>
    Task PushImageAsync(string reference, string registryAuth, Action<string> progress, CancellationToken cancellationToken);
    /// <summary>The digest the image's registry serves for <paramref name="reference"/> (the engine asks the registry).</summary>
    Task<string> RegistryDigestAsync(string reference, string registryAuth, CancellationToken cancellationToken);
    Task<string?> BuildImageAsync(string contextDirectory, ImageBuildRequest request, Action<string> progress, CancellationToken cancellationToken);
    Task TagImageAsync(string reference, string repository, string tag, CancellationToken cancellationToken);
    Task RemoveImageAsync(string reference, CancellationToken cancellationToken);
}
