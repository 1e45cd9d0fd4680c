using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Composer.Engine;

/// <summary>
/// The engine as `--dry-run` sees it: every read goes to the real engine, no write does. A write
/// succeeds on paper and what it made is remembered, so that the verb's later reads (the reconciler
/// inspects what it created, waits for it to run and be healthy) see a consistent world and the verb
/// walks its whole path. Interactive streams cannot be faked, so they are refused with a clear error,
/// as docker compose does.
/// </summary>
public sealed class DryRunEngine(IEngineClient engine) : IEngineClient
{
    private const string IdPrefix = "dry-run-";
    private readonly ConcurrentDictionary<string, ContainerCreateRequest> _created = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _removed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NetworkSummary> _networks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _images = new(StringComparer.Ordinal);

    public EngineEndpoint Endpoint => engine.Endpoint;

    public void Dispose() => engine.Dispose();

    // system: reads only
    public Task PingAsync(CancellationToken cancellationToken) => engine.PingAsync(cancellationToken);
    public Task<bool> AcceptsNewConnectionsAsync(CancellationToken cancellationToken) => engine.AcceptsNewConnectionsAsync(cancellationToken);
    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) => engine.VersionAsync(cancellationToken);
    public Task<SystemInfo> InfoAsync(CancellationToken cancellationToken) => engine.InfoAsync(cancellationToken);
    public IAsyncEnumerable<EngineEvent> MonitorEventsAsync(EventFilters filters, CancellationToken cancellationToken) =>
        engine.MonitorEventsAsync(filters, cancellationToken);

    // containers
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all, IEnumerable<string> labelFilters, CancellationToken cancellationToken)
    {
        var filters = labelFilters.ToList();
        var real = await engine.ListContainersAsync(all, filters, cancellationToken).ConfigureAwait(false);
        var made = _created.Where(entry => !_removed.ContainsKey(entry.Key) && LabelFilter.Matches(entry.Value.Labels, filters))
            .Select(entry => new ContainerSummary
            {
                Id = entry.Key,
                Names = ["/" + NameOf(entry.Key)],
                Image = entry.Value.Image,
                Labels = entry.Value.Labels,
                State = "running",
                Status = "Up (dry run)",
            });
        return [.. real.Where(container => !_removed.ContainsKey(container.Id)), .. made];
    }

    public Task<ContainerInspect> InspectContainerAsync(string id, CancellationToken cancellationToken)
    {
        if (!_created.TryGetValue(id, out var request)) return engine.InspectContainerAsync(id, cancellationToken);
        // Running and healthy, so that waits for a dependency's condition pass as they would.
        return Task.FromResult(new ContainerInspect
        {
            Id = id,
            Name = "/" + NameOf(id),
            Image = request.Image,
            Config = request,
            HostConfig = request.HostConfig,
            State = new ContainerState { Status = "running", Running = true, Health = new ContainerHealth { Status = "healthy" } },
            NetworkSettings = new NetworkSettings { Networks = [] },
        });
    }

    public Task<string> CreateContainerAsync(string? name, ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        var id = IdPrefix + (name ?? Guid.NewGuid().ToString("N")[..12]);
        _created[id] = request;
        return Task.FromResult(id);
    }

    public Task RemoveContainerAsync(string id, bool force, bool volumes, CancellationToken cancellationToken)
    {
        _removed[id] = 0;
        return Task.CompletedTask;
    }

    public Task StartContainerAsync(string id, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopContainerAsync(string id, int timeoutSeconds, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task RestartContainerAsync(string id, int timeoutSeconds, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task PauseContainerAsync(string id, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task UnpauseContainerAsync(string id, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken) => Task.FromResult(0L);
    public Task UpdateRestartPolicyAsync(string id, EngineRestartPolicy policy, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task RenameContainerAsync(string id, string newName, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task ResizeContainerAsync(string id, int height, int width, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task PutArchiveAsync(string id, string path, Stream tar, ArchiveUploadOptions options, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<TopResponse> TopContainerAsync(string id, CancellationToken cancellationToken) =>
        _created.ContainsKey(id) ? Task.FromResult(new TopResponse()) : engine.TopContainerAsync(id, cancellationToken);

    public IAsyncEnumerable<LogFrame> ContainerLogsAsync(string id, LogRequest request, CancellationToken cancellationToken) =>
        _created.ContainsKey(id) ? NoFrames(cancellationToken) : engine.ContainerLogsAsync(id, request, cancellationToken);

    public Task<ContainerArchive> GetArchiveAsync(string id, string path, CancellationToken cancellationToken) =>
        engine.GetArchiveAsync(id, path, cancellationToken);

    public Task<ContainerPathStat> StatContainerPathAsync(string id, string path, CancellationToken cancellationToken) =>
        engine.StatContainerPathAsync(id, path, cancellationToken);

    public Task<HijackedConnection> AttachContainerInteractiveAsync(string id, CancellationToken cancellationToken) =>
        throw new DryRunRefusedException("an interactive run is not supported in dry-run mode");

    public Task<HijackedConnection> AttachContainerAsync(string id, ContainerAttachOptions options, CancellationToken cancellationToken) =>
        throw new DryRunRefusedException("attach is not supported in dry-run mode");

    public Task<string> CommitContainerAsync(string id, CommitRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(IdPrefix + "image");

    // Reads: an export writes only where the user asked, which a dry run does not change.
    public Task ExportContainerAsync(string id, Stream destination, CancellationToken cancellationToken) =>
        _created.ContainsKey(id) ? Task.CompletedTask : engine.ExportContainerAsync(id, destination, cancellationToken);

    public Task<string> ContainerStatsAsync(string id, CancellationToken cancellationToken) => engine.ContainerStatsAsync(id, cancellationToken);

    // exec: creating one is a write; a detached one "runs" and exits 0, and so does one that takes no input
    // (a post_start or pre_stop hook): it is read to an empty end.
    public Task<string> CreateExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        var id = IdPrefix + "exec-" + Guid.NewGuid().ToString("N")[..12];
        if (!request.AttachStdin) _withoutInput[id] = true;
        return Task.FromResult(id);
    }
    public Task StartExecDetachedAsync(string execId, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<HijackedConnection> StartExecInteractiveAsync(string execId, bool tty, CancellationToken cancellationToken) =>
        _withoutInput.ContainsKey(execId)
            ? Task.FromResult(new HijackedConnection(Stream.Null, null))
            : throw new DryRunRefusedException("an interactive exec is not supported in dry-run mode");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _withoutInput = new(StringComparer.Ordinal);
    public Task ResizeExecAsync(string execId, int height, int width, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<ExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken) =>
        Task.FromResult(new ExecInspect { ID = execId, Running = false, ExitCode = 0 });

    // networks
    public Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken) =>
        engine.ListNetworksAsync(labelFilters, cancellationToken);

    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksNamedAsync(string name, CancellationToken cancellationToken)
    {
        var real = await engine.ListNetworksNamedAsync(name, cancellationToken).ConfigureAwait(false);
        return real.Count == 0 && _networks.TryGetValue(name, out var made) ? [made] : real;
    }

    public Task<NetworkSummary> InspectNetworkAsync(string name, CancellationToken cancellationToken) =>
        _networks.TryGetValue(name, out var made) ? Task.FromResult(made) : engine.InspectNetworkAsync(name, cancellationToken);

    public Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        var made = new NetworkSummary { Id = IdPrefix + request.Name, Name = request.Name, Driver = request.Driver ?? "bridge", Labels = request.Labels };
        _networks[request.Name] = made;
        return Task.FromResult(made.Id);
    }

    public Task RemoveNetworkAsync(string name, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task ConnectNetworkAsync(string network, string containerId, EndpointSettings? endpoint, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task DisconnectNetworkAsync(string network, string containerId, bool force, CancellationToken cancellationToken) => Task.CompletedTask;

    // volumes
    public Task<IReadOnlyList<VolumeSummary>> ListVolumesAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken) =>
        engine.ListVolumesAsync(labelFilters, cancellationToken);
    public Task<VolumeSummary> InspectVolumeAsync(string name, CancellationToken cancellationToken) => engine.InspectVolumeAsync(name, cancellationToken);
    public Task<VolumeSummary> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new VolumeSummary { Name = request.Name, Driver = request.Driver ?? "local", Labels = request.Labels });
    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) => Task.CompletedTask;

    // images: a pull or build "makes" the image, so a later inspect of it answers
    public Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken) => engine.ListImagesAsync(cancellationToken);

    public async Task<ImageInspect> InspectImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.InspectImageAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineNotFoundException) when (_images.ContainsKey(reference))
        {
            return new ImageInspect { Id = IdPrefix + reference, RepoTags = [reference] };
        }
    }

    public Task PullImageAsync(string reference, Action<string> progress, CancellationToken cancellationToken)
    {
        _images[reference] = 0;
        return Task.CompletedTask;
    }

    public Task<string> RegistryDigestAsync(string reference, string registryAuth, CancellationToken cancellationToken) =>
        engine.RegistryDigestAsync(reference, registryAuth, cancellationToken);

    public Task PushImageAsync(string reference, string registryAuth, Action<string> progress, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> BuildImageAsync(string contextDirectory, ImageBuildRequest request, Action<string> progress, CancellationToken cancellationToken)
    {
        foreach (var tag in request.Tags ?? []) _images[tag] = 0;
        return Task.FromResult<string?>(IdPrefix + "image");
    }

    public Task TagImageAsync(string reference, string repository, string tag, CancellationToken cancellationToken)
    {
        _images[$"{repository}:{tag}"] = 0;
        return Task.CompletedTask;
    }

    public Task RemoveImageAsync(string reference, CancellationToken cancellationToken) => Task.CompletedTask;

    private static string NameOf(string id) => id.StartsWith(IdPrefix, StringComparison.Ordinal) ? id[IdPrefix.Length..] : id;

    private static async IAsyncEnumerable<LogFrame> NoFrames([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        yield break;
    }
}

/// <summary>What `--dry-run` cannot pretend to do (an interactive stream).</summary>
public sealed class DryRunRefusedException(string message) : Exception(message);

/// <summary>The engine's label filter (`key` or `key=value`, all must hold), for what exists only on paper.</summary>
internal static class LabelFilter
{
    public static bool Matches(IReadOnlyDictionary<string, string>? labels, IReadOnlyList<string> filters) =>
        filters.All(filter =>
        {
            var parts = filter.Split('=', 2);
            return labels is not null && labels.TryGetValue(parts[0], out var value) && (parts.Length == 1 || value == parts[1]);
        });
}
