using System.Threading.Channels;
using Composer.Model;
using Composer.Reconciler.Supervision;
using Microsoft.Extensions.Time.Testing;

namespace Composer.Reconciler.Tests.Supervision;

/// <summary>
/// One ContainerSupervision on a fake clock, with actions recorded instead of sent to an engine.
/// Delays are checked by moving the clock: nothing may happen before a delay is over, and the
/// restart must follow as soon as it is.
/// </summary>
internal sealed class SupervisionHarness : IAsyncDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="memory">What an earlier agent left (a new agent after a kill -9); fresh when null.</param>
    /// <param name="time">The clock of that earlier agent's harness, so events keep their times.</param>
    public SupervisionHarness(RestartSettings settings, VolatileSupervisorMemory? memory = null, FakeTimeProvider? time = null)
    {
        Memory = memory ?? new VolatileSupervisorMemory();
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        _timers = new TimerWatch(Time);
        Actions = new RecordingActions(Time);
        Supervision = new ContainerSupervision(new ContainerIdentity("c1", "demo-app-1", "demo", "app", TimeSpan.FromSeconds(1)),
            settings, Actions, Memory, new SupervisorMetrics(), _timers, new Random(1), _ => { });
        _loop = Supervision.RunAsync(_stop.Token);
    }

    public static RestartSettings Settings(RestartKind kind, int? maxRetries = null, bool unhealthy = false, double factor = 2) =>
        new(kind, maxRetries, new BackoffSettings(TimeSpan.FromSeconds(1), factor, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 0), unhealthy);

    public FakeTimeProvider Time { get; }
    private readonly TimerWatch _timers;
    public RecordingActions Actions { get; }
    public VolatileSupervisorMemory Memory { get; }
    public ContainerSupervision Supervision { get; }

    /// <summary>The container runs for <paramref name="ranFor"/> (since its last start) and dies.</summary>
    public void Dies(long exitCode, TimeSpan? ranFor = null)
    {
        Time.Advance(ranFor ?? TimeSpan.FromMilliseconds(50));
        Supervision.Died(exitCode, Time.GetUtcNow());
    }

    /// <summary>Someone other than the supervisor starts the container (`composer start`).</summary>
    public void UserStarts()
    {
        Time.Advance(TimeSpan.FromMilliseconds(50));
        Supervision.Started(Time.GetUtcNow());
    }

    /// <summary>Asserts the supervisor waits exactly <paramref name="delay"/> before it acts, and returns what it did.</summary>
    public async Task<string> ActsAfterAsync(TimeSpan delay)
    {
        // The clock moves only once the backoff's own timer exists: moved earlier, the delay would start late.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!_timers.TakeTimer(delay))
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"no {delay} wait began");
            await Task.Delay(10);
        }
        Time.Advance(delay - TimeSpan.FromMilliseconds(1));
        Assert.Null(await Actions.NextAsync(Quiet));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        return await NextActionAsync() ?? throw new Xunit.Sdk.XunitException($"nothing happened {delay} after the trouble");
    }

    /// <summary>The next thing the supervisor does; a start is echoed back as the engine's `start` event would be.</summary>
    public async Task<string?> NextActionAsync()
    {
        var action = await Actions.NextAsync(TimeSpan.FromSeconds(5));
        if (action == "start") Supervision.Started(Actions.History[^1].At);
        return action;
    }

    /// <summary>Asserts nothing happens, however long we wait.</summary>
    public async Task StaysPutAsync()
    {
        await Task.Delay(100); // time to (wrongly) start backing off
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Null(await Actions.NextAsync(Quiet));
    }

    /// <summary>
    /// The loop runs on the thread pool: the clock may only move once it waits on its delay, or
    /// the delay would start from the moved clock. Polly announces the retry (the supervisor then
    /// shows "backing-off") and starts the delay straight after, on the same thread.
    /// </summary>
    public async Task WaitForBackoffAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Supervision.Status().BackoffUntil is null && DateTime.UtcNow < deadline) await Task.Delay(10);
        await Task.Delay(50);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; } catch (OperationCanceledException) { }
    }
}

internal sealed class RecordingActions(TimeProvider time) : IContainerActions
{
    private readonly Channel<string> _calls = Channel.CreateUnbounded<string>();

    public List<(string Action, DateTimeOffset At)> History { get; } = [];

    /// <summary>Runs while an action is on its way to the engine (a user's command landing meanwhile).</summary>
    public Action<string>? During { get; set; }

    /// <summary>When set, a start stays on its way (recorded, not answered) until this completes: a slow engine.</summary>
    public Task? StartAnswered { get; set; }

    /// <summary>The grace the last stop was given.</summary>
    public TimeSpan? LastStopGrace { get; private set; }

    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        await Record("start");
        if (StartAnswered is { } answered) await answered.WaitAsync(cancellationToken);
    }

    public Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        LastStopGrace = grace;
        return Record("stop");
    }

    public async Task<string?> NextAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try { return await _calls.Reader.ReadAsync(timeout.Token); }
        catch (OperationCanceledException) { return null; }
    }

    private Task Record(string action)
    {
        lock (History) History.Add((action, time.GetUtcNow()));
        During?.Invoke(action);
        _calls.Writer.TryWrite(action);
        return Task.CompletedTask;
    }
}
