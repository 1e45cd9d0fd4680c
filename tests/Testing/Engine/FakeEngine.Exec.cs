using Composer.Engine;

namespace Composer.Testing;

/// <summary>
/// Archives and execs: recorded and checked against the container's existence, but with no file
/// system or process behind them; an attached exec's output and status are what <see cref="FakeEngine.ExecBehaviour"/> says.
/// </summary>
public sealed partial class FakeEngine
{
    private readonly Dictionary<string, string> _execs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _execExits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExecRequest> _execRequestsById = new(StringComparer.Ordinal);
    private readonly List<(string Container, ExecRequest Request)> _execRequests = [];

    /// <summary>
    /// What an attached exec does, given its container's name and its command: exit code and output. Unset,
    /// every exec ends at once with no output and status 0.
    /// </summary>
    public Func<string, IReadOnlyList<string>, (int ExitCode, string Stdout, string Stderr)>? ExecBehaviour { get; set; }

    /// <summary>Every exec created so far: the container's name and the request, in order.</summary>
    public IReadOnlyList<(string Container, ExecRequest Request)> Execs
    {
        get { lock (_lock) return [.. _execRequests]; }
    }

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
            _execRequests.Add((container.Name, request));
            _execRequestsById[id] = request;
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

    /// <summary>The exec's output as the engine frames it without a TTY ([stream, 0, 0, 0, size] then the bytes), then the end.</summary>
    public async Task<HijackedConnection> StartExecInteractiveAsync(string execId, bool tty, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("StartExecInteractive", execId, "", cancellationToken);
        (int ExitCode, string Stdout, string Stderr) outcome = (0, "", "");
        lock (_lock)
        {
            if (!_execs.TryGetValue(execId, out var containerId)) throw new EngineNotFoundException($"No such exec instance: {execId}");
            if (ExecBehaviour is { } behaviour) outcome = behaviour(_containers[containerId].Name, _execRequestsById[execId].Cmd ?? []);
            _execExits[execId] = outcome.ExitCode;
        }
        Leave(lost);
        var output = new MemoryStream();
        foreach (var (stream, text) in new[] { (1, outcome.Stdout), (2, outcome.Stderr) }.Where(o => o.Item2.Length > 0))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            output.Write([(byte)stream, 0, 0, 0]);
            output.Write(BitConverter.IsLittleEndian ? BitConverter.GetBytes(bytes.Length).Reverse().ToArray() : BitConverter.GetBytes(bytes.Length));
            output.Write(bytes);
        }
        output.Position = 0;
        // The connection's constructor is the engine client's own; the fake has no socket to hand it.
        return (HijackedConnection)Activator.CreateInstance(typeof(HijackedConnection),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [output, null], null)!;
    }

    public async Task ResizeExecAsync(string execId, int height, int width, CancellationToken cancellationToken) =>
        Leave(await EnterAsync("ResizeExec", execId, $"{height}x{width}", cancellationToken));

    /// <summary>Every exec has finished: with the status <see cref="ExecBehaviour"/> gave it, else successfully.</summary>
    public async Task<ExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("InspectExec", execId, "", cancellationToken);
        int exit;
        lock (_lock)
        {
            if (!_execs.ContainsKey(execId)) throw new EngineNotFoundException($"No such exec instance: {execId}");
            exit = _execExits.GetValueOrDefault(execId);
        }
        Leave(lost);
        return new ExecInspect { ID = execId, Running = false, ExitCode = exit };
    }
}
