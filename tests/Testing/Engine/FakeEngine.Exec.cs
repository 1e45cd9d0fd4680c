using Composer.Engine;

namespace Composer.Testing;

/// <summary>
/// Archives and execs: recorded and checked against the container's existence, but with no file
/// system or process behind them. Interactive streams need a socket the fake does not have.
/// </summary>
public sealed partial class FakeEngine
{
    private readonly Dictionary<string, string> _execs = new(StringComparer.Ordinal);

    public async Task PutArchiveAsync(string id, string path, Stream tar, ArchiveUploadOptions options, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("PutArchive", NameOf(id), path, cancellationToken);
        lock (_lock) Existing(id).Archives.Add(path);
        Leave(lost);
    }

    public Task<ContainerArchive> GetArchiveAsync(string id, string path, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake engine keeps no container files");

    public async Task<ContainerPathStat> StatContainerPathAsync(string id, string path, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("StatContainerPath", NameOf(id), path, cancellationToken);
        lock (_lock) Existing(id);
        Leave(lost);
        throw new EngineNotFoundException($"Could not find the file {path} in container {id}");
    }

    public Task<HijackedConnection> AttachContainerInteractiveAsync(string id, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake engine has no interactive streams");

    public async Task ResizeContainerAsync(string id, int height, int width, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("ResizeContainer", NameOf(id), $"{height}x{width}", cancellationToken);
        lock (_lock) Existing(id);
        Leave(lost);
    }

    public async Task<string> CreateExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("CreateExec", NameOf(containerId), string.Join(' ', request.Cmd ?? []), cancellationToken);
        string id;
        lock (_lock)
        {
            var container = Existing(containerId);
            if (!container.Running) throw new EngineConflictException($"Container {container.Id} is not running");
            id = NewId();
            _execs[id] = container.Id;
        }
        Leave(lost);
        return id;
    }

    public async Task StartExecDetachedAsync(string execId, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("StartExecDetached", execId, "", cancellationToken);
        lock (_lock) if (!_execs.ContainsKey(execId)) throw new EngineNotFoundException($"No such exec instance: {execId}");
        Leave(lost);
    }

    public Task<HijackedConnection> StartExecInteractiveAsync(string execId, bool tty, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake engine has no interactive streams");

    public async Task ResizeExecAsync(string execId, int height, int width, CancellationToken cancellationToken) =>
        Leave(await EnterAsync("ResizeExec", execId, $"{height}x{width}", cancellationToken));

    /// <summary>Every exec has finished, successfully.</summary>
    public async Task<ExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("InspectExec", execId, "", cancellationToken);
        lock (_lock) if (!_execs.ContainsKey(execId)) throw new EngineNotFoundException($"No such exec instance: {execId}");
        Leave(lost);
        return new ExecInspect { ID = execId, Running = false, ExitCode = 0 };
    }
}
