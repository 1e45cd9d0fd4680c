using Composer.Engine;

namespace Composer.Testing;

/// <summary>
/// An in-memory Docker engine for unit tests of what drives the engine (the operation runner,
/// observed-state reader, condition waiter, supervisor, job runner). It keeps containers,
/// networks, volumes and images as the engine would (names unique, labels filterable, a running
/// container not removable without force, ...), records every call in order, publishes the
/// events the real engine publishes, and fails, slows or loses what a test plans in
/// <see cref="Faults"/> and <see cref="EventFaults"/>. It runs no processes: what a container
/// does once started is its image's <see cref="ImageBehaviour"/>, or what the test makes it do
/// (<see cref="Exit"/>, <see cref="SetHealth"/>). Times come from the given clock.
/// </summary>
public sealed partial class FakeEngine(TimeProvider? time = null) : IEngineClient
{
    private readonly Lock _lock = new();
    private readonly List<EngineCall> _calls = [];
    private readonly Dictionary<string, FakeContainer> _containers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NetworkSummary> _networks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VolumeSummary> _volumes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeImage> _images = new(StringComparer.Ordinal);
    private int _nextId;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;
    public FaultPlan Faults { get; } = new();
    public EventFaults EventFaults { get; } = new();
    public EngineEndpoint Endpoint { get; } = new(EndpointKind.Unix, "/fake/docker.sock");

    /// <summary>Every call so far, in the order they reached the engine.</summary>
    public IReadOnlyList<EngineCall> Calls
    {
        get { lock (_lock) return [.. _calls]; }
    }

    /// <summary>The calls of one method, as "Method subject" strings, in order.</summary>
    public IReadOnlyList<string> CallsOf(string method) => [.. Calls.Where(c => c.Method == method).Select(c => c.ToString())];

    public IReadOnlyList<FakeContainer> Containers
    {
        get { lock (_lock) return [.. _containers.Values.OrderBy(c => c.Name, StringComparer.Ordinal)]; }
    }

    public IReadOnlyList<string> NetworkNames
    {
        get { lock (_lock) return [.. _networks.Keys.Order(StringComparer.Ordinal)]; }
    }

    public IReadOnlyList<string> VolumeNames
    {
        get { lock (_lock) return [.. _volumes.Keys.Order(StringComparer.Ordinal)]; }
    }

    /// <summary>The container with this name or id; throws when there is none.</summary>
    public FakeContainer Container(string nameOrId)
    {
        lock (_lock) return Find(nameOrId) ?? throw new InvalidOperationException($"the fake has no container {nameOrId}");
    }

    public void Dispose() => CompleteSubscribers(null);

    /// <summary>
    /// Waits (in real time) until <paramref name="count"/> calls match: for code that calls the engine
    /// from a background loop. Fails the test with the calls so far when they do not come.
    /// </summary>
    public async Task<EngineCall> WaitForCallAsync(Func<EngineCall, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var matching = Calls.Where(match).ToList();
            if (matching.Count >= count) return matching[count - 1];
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{count} matching call(s) expected, {matching.Count} seen; calls: {string.Join(", ", Calls)}");
            await Task.Delay(10);
        }
    }

    public Task<EngineCall> WaitForCallAsync(string method, string? subject = null, int count = 1, TimeSpan? timeout = null) =>
        WaitForCallAsync(c => c.Method == method && (subject is null || c.Subject == subject), count, timeout);

    /// <summary>
    /// Every call goes through here: recorded, then delayed or failed as <see cref="Faults"/> plans.
    /// Returns what to throw once the engine has acted (a lost answer), if anything.
    /// </summary>
    private async Task<Exception?> EnterAsync(string method, string? subject, string detail, CancellationToken cancellationToken)
    {
        EngineCall call;
        lock (_lock)
        {
            call = new EngineCall(_calls.Count + 1, method, subject, detail);
            _calls.Add(call);
        }
        var (error, timing, delay) = Faults.Decide(call);
        if (delay is { } d) await Task.Delay(d, Time, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (error is null) return null;
        if (timing == FaultTiming.Before) throw error(call);
        return error(call);
    }

    /// <summary>The call is made and the engine acted: throws the error planned for after acting.</summary>
    private static void Leave(Exception? lostAnswer)
    {
        if (lostAnswer is not null) throw lostAnswer;
    }

    private string NewId()
    {
        var n = Interlocked.Increment(ref _nextId);
        // 64 hex digits, as the engine's ids; distinct in their first 12, which is what people read.
        return $"{n:x12}".PadRight(64, '0');
    }

    /// <summary>"key" or "key=value", as the engine's label filter.</summary>
    private static bool MatchesLabels(IReadOnlyDictionary<string, string>? labels, IEnumerable<string> filters) =>
        filters.All(filter =>
        {
            var equals = filter.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0) return labels?.ContainsKey(filter) == true;
            return labels?.TryGetValue(filter[..equals], out var value) == true && value == filter[(equals + 1)..];
        });

    // ---- system ----

    public async Task PingAsync(CancellationToken cancellationToken) => Leave(await EnterAsync("Ping", null, "", cancellationToken));

    /// <summary>An engine on its way down: it refuses new connections (and still serves open ones).</summary>
    public bool ShuttingDown { get; set; }

    /// <summary>False while <see cref="ShuttingDown"/>, or when a fault planned for the call fails it.</summary>
    public async Task<bool> AcceptsNewConnectionsAsync(CancellationToken cancellationToken)
    {
        try { Leave(await EnterAsync("AcceptsNewConnections", null, "", cancellationToken)); }
        catch (Exception error) when (error is EngineUnavailableException or EngineApiException) { return false; }
        return !ShuttingDown;
    }

    public async Task<VersionResponse> VersionAsync(CancellationToken cancellationToken)
    {
        Leave(await EnterAsync("Version", null, "", cancellationToken));
        return new VersionResponse { Version = "27.0.0-fake", ApiVersion = "1.41", MinAPIVersion = "1.24", Os = "linux", Arch = "amd64" };
    }

    public async Task<SystemInfo> InfoAsync(CancellationToken cancellationToken)
    {
        Leave(await EnterAsync("Info", null, "", cancellationToken));
        lock (_lock) return new SystemInfo { ID = "fake", Name = "fake", Containers = _containers.Count, Images = _images.Count, NCPU = 2 };
    }
}
