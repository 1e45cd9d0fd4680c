using System.Threading.Channels;
using Composer.Engine;
using Polly;
using Polly.Retry;

namespace Composer.Reconciler.Supervision;

/// <summary>Who a supervised container is, for status and logs.</summary>
public sealed record ContainerIdentity(string Id, string Name, string Project, string Service, TimeSpan StopGrace);

/// <summary>
/// Keeps one container alive according to its restart settings. Engine events arrive through
/// the methods below (in event order); the run loop waits for trouble, asks the policy, and
/// restarts through a Polly retry pipeline whose delays are the settings' backoff: the
/// pipeline's attempts are "start it, then wait until it exits again".
/// </summary>
internal sealed class ContainerSupervision
{
    private readonly ContainerIdentity _identity;
    private readonly IContainerActions _actions;
    private readonly ISupervisorMemory _memory;
    private readonly SupervisorMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Action<string> _log;
    private readonly Channel<Trouble> _troubles = Channel.CreateUnbounded<Trouble>(new() { SingleReader = true });
    private readonly ActionWindow _ourStop = new();
    private readonly Lock _lock = new();
    private DateTimeOffset _startedAt;
    private string _state = "running";
    private DateTimeOffset? _backoffUntil;
    private TimeSpan _plannedDelay;
    private long? _lastExit;
    private string? _health;
    private int _consecutive;
    private Task _restartInFlight = Task.CompletedTask;
    private TimeSpan? _userStopGrace;

    public ContainerSupervision(ContainerIdentity identity, RestartSettings settings, IContainerActions actions,
        ISupervisorMemory memory, SupervisorMetrics metrics, TimeProvider time, Random random, Action<string> log)
    {
        _identity = identity;
        Settings = settings;
        _actions = actions;
        _memory = memory;
        _metrics = metrics;
        _time = time;
        _random = random;
        _log = log;
        _startedAt = time.GetUtcNow();
    }

    public ContainerIdentity Identity => _identity;
    public RestartSettings Settings { get; }

    // ---- engine events, in order ----

    /// <summary>The container's state when supervision begins (agent start, engine reconnect, new container).</summary>
    public void Adopt(bool running, long exitCode, DateTimeOffset startedAt, DateTimeOffset finishedAt, string? health)
    {
        lock (_lock) { _startedAt = startedAt; _health = health; _state = running ? "running" : "exited"; _lastExit = running ? null : exitCode; }
        if (!running)
            Report(new Trouble(TroubleKind.Exited, exitCode, finishedAt, finishedAt - startedAt, UserStopped(), AtAdoption: true));
        else if (health == "unhealthy") // turned unhealthy before we were watching: the event is gone, the state is not
            Report(new Trouble(TroubleKind.Unhealthy, 0, _time.GetUtcNow(), TimeSpan.Zero, UserStopped()));
    }

    public void Started(DateTimeOffset at)
    {
        lock (_lock)
        {
            // Under the lock the restart takes to mark its start pending: the two cannot interleave.
            var (next, _) = _memory.Recall(_identity.Id).AfterStart(at);
            _memory.Remember(_identity.Id, next);
            if (at < _startedAt) return; // a replay of an older run's start
            _startedAt = at; _state = "running"; _health = null;
        }
    }

    /// <summary>A `kill` or `stop` event.</summary>
    public void Stopping(DateTimeOffset at)
    {
        if (_ourStop.Covers(at)) return;
        lock (_lock)
        {
            _userStopGrace = null; // a stop through the engine (`docker stop`) says no grace: the container's own applies
            RememberUserStop(at);
        }
    }

    /// <summary>
    /// `composer stop`/`kill`, told by the CLI before it looks at what runs. Completes once a restart
    /// of ours that was already on its way has been undone (stopped with <paramref name="grace"/>),
    /// so what the CLI then lists is final: nothing of ours starts behind its back.
    /// </summary>
    public Task UserStopsAsync(DateTimeOffset at, TimeSpan? grace)
    {
        // Under the lock that also guards the restart's own look at the memory: either that look
        // sees this stop (no start), or this sees the restart in flight (and its re-stop is awaited).
        lock (_lock)
        {
            _userStopGrace = grace;
            RememberUserStop(at);
            return _restartInFlight;
        }
    }

    private void RememberUserStop(DateTimeOffset at)
    {
        var memory = _memory.Recall(_identity.Id);
        if (memory.UserStoppedAt is null) _log($"{_identity.Name}: stopped by the user at {at:HH:mm:ss.fff}");
        _memory.Remember(_identity.Id, memory with { UserStoppedAt = at });
    }

    public void Died(long exitCode, DateTimeOffset at)
    {
        TimeSpan ranFor;
        lock (_lock) { _state = "exited"; _lastExit = exitCode; ranFor = at - _startedAt; }
        if (_ourStop.Covers(at)) return;
        Report(new Trouble(TroubleKind.Exited, exitCode, at, ranFor, UserStopped()));
    }

    public void HealthChanged(string health, DateTimeOffset at)
    {
        bool running;
        lock (_lock) { _health = health; running = _state == "running"; }
        if (health == "unhealthy" && running) Report(new Trouble(TroubleKind.Unhealthy, 0, at, TimeSpan.Zero, UserStopped()));
    }

    public SupervisedContainer Status()
    {
        var memory = _memory.Recall(_identity.Id);
        lock (_lock)
        {
            var state = _backoffUntil is not null ? "backing-off" : _state;
            return new SupervisedContainer(_identity.Project, _identity.Service, _identity.Name, _identity.Id,
                Describe(Settings), state, memory.Restarts, _backoffUntil, _lastExit, _health);
        }
    }

    // ---- the loop ----

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var trouble = await _troubles.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (!Decide(trouble)) continue;
            try
            {
                await RestartUntilSettledAsync(trouble, cancellationToken).ConfigureAwait(false);
            }
            catch (EngineNotFoundException)
            {
                return; // removed under us; the reconcile pass that follows decides what should exist
            }
            finally
            {
                lock (_lock) _backoffUntil = null;
            }
        }
    }

    private void Report(Trouble trouble) => _troubles.Writer.TryWrite(trouble);

    private bool UserStopped() => _memory.Recall(_identity.Id).UserStoppedAt is not null;

    private bool Decide(Trouble trouble)
    {
        if (!RestartDecision.ShouldRestart(Settings, trouble)) return false;
        if (trouble.Kind == TroubleKind.Exited && Settings.MaxRetries is { } max && _memory.Recall(_identity.Id).Restarts >= max)
        {
            _log($"{_identity.Name}: exited with {trouble.ExitCode}, not restarting: {max} restarts made");
            return false;
        }
        return true;
    }

    /// <summary>
    /// One Polly execution per episode of trouble: the first attempt hands back the trouble that
    /// started it; each retry (after the backoff delay) restarts the container and waits for the
    /// next trouble. The episode ends when a trouble does not call for a restart.
    /// </summary>
    private async Task RestartUntilSettledAsync(Trouble first, CancellationToken cancellationToken)
    {
        Trouble? pending = first;
        var last = first;
        var pipeline = new ResiliencePipelineBuilder<Trouble> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<Trouble>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: OperationCanceledException or EngineNotFoundException } => false,
                    { Exception: not null } => true, // the engine refused or went away: try again after the delay
                    { Result: { } trouble } => Decide(trouble),
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(DelayAfter(args.Outcome.Result ?? last, args.AttemptNumber)),
                OnRetry = args =>
                {
                    var due = _time.GetUtcNow() + args.RetryDelay;
                    // Remembered (before status shows it), so an agent killed while it waits resumes this delay where it stood.
                    _memory.Remember(_identity.Id, _memory.Recall(_identity.Id) with { Consecutive = _consecutive, RestartDueAt = due });
                    lock (_lock) { _plannedDelay = args.RetryDelay; _backoffUntil = due; }
                    _log(args.Outcome.Exception is { } error
                        ? $"{_identity.Name}: restart failed ({error.Message}); next try in {args.RetryDelay.TotalSeconds:0.000}s"
                        : $"{_identity.Name}: {Describe(args.Outcome.Result!)}; restarting in {args.RetryDelay.TotalSeconds:0.000}s");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        await pipeline.ExecuteAsync(async token =>
        {
            if (pending is { } now) { pending = null; return now; }
            var restart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            DateTimeOffset? userStop;
            lock (_lock) { _restartInFlight = restart.Task; userStop = _memory.Recall(_identity.Id).UserStoppedAt; }
            DateTimeOffset restartedAt;
            try
            {
                // Stopped by the user while we waited out the delay (`composer stop` of an exited container): leave it.
                if (!last.AtAdoption && userStop > last.At) return last with { UserStopped = true };
                restartedAt = await RestartAsync(last, userStop, token).ConfigureAwait(false);
            }
            finally { restart.TrySetResult(); }
            do last = await _troubles.Reader.ReadAsync(token).ConfigureAwait(false);
            while (last.At < restartedAt); // news from before our restart (a replayed event) is stale
            return last;
        }, cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan DelayAfter(Trouble trouble, int attempt)
    {
        if (trouble.AtAdoption && attempt == 0)
        {
            var memory = _memory.Recall(_identity.Id);
            // An earlier agent was waiting out a delay: the rest of it, from where the backoff stood.
            if (memory.RestartDueAt is { } due)
            {
                _consecutive = memory.Consecutive;
                return due > _time.GetUtcNow() ? due - _time.GetUtcNow() : TimeSpan.Zero;
            }
            // The agent or engine just started: bring it back now; a quick failure after continues the backoff.
            _consecutive = trouble.RanFor >= Settings.Backoff.ResetAfter ? -1 : memory.Consecutive;
            return TimeSpan.Zero;
        }
        _consecutive = attempt == 0 || trouble.RanFor >= Settings.Backoff.ResetAfter ? 0 : _consecutive + 1;
        return Settings.Backoff.DelayFor(_consecutive, _random.NextDouble());
    }

    /// <param name="knownUserStop">The user's stop the decision to restart took into account, if any.</param>
    /// <returns>When the start was issued.</returns>
    private async Task<DateTimeOffset> RestartAsync(Trouble cause, DateTimeOffset? knownUserStop, CancellationToken cancellationToken)
    {
        TimeSpan planned;
        lock (_lock) { planned = _plannedDelay; _backoffUntil = null; }
        var reaction = _time.GetUtcNow() - cause.At - planned;
        DateTimeOffset startedAt;
        try
        {
            if (cause.Kind == TroubleKind.Unhealthy)
            {
                _ourStop.Open(_time.GetUtcNow());
                try { await _actions.StopAsync(_identity.Id, _identity.StopGrace, cancellationToken).ConfigureAwait(false); }
                finally { _ourStop.Close(_time.GetUtcNow()); }
            }
            startedAt = _time.GetUtcNow();
            // "restarting" until the engine's start event says running: status never shows the last
            // exit as current while our start is on its way. The start is counted and marked ours
            // before it is asked for: its event may come before the call returns, or after a kill -9.
            lock (_lock)
            {
                _state = "restarting";
                _memory.Remember(_identity.Id, _memory.Recall(_identity.Id).BeforeOurStart());
            }
            try { await _actions.StartAsync(_identity.Id, cancellationToken).ConfigureAwait(false); }
            catch (Exception error)
            {
                lock (_lock)
                {
                    if (_state == "restarting") _state = "exited";
                    // Refused: it did not happen. Cancelled: it may have; if so its event is still ours.
                    if (error is not OperationCanceledException) _memory.Remember(_identity.Id, _memory.Recall(_identity.Id).AfterFailedStart());
                }
                throw;
            }
            // A user's stop that arrived after we decided (the `composer stop` that listed what runs
            // before our start made it run): it wins.
            if (_memory.Recall(_identity.Id).UserStoppedAt is { } userStop && userStop != knownUserStop)
            {
                _log($"{_identity.Name}: stopped again: the user stopped it while it was being restarted");
                TimeSpan grace;
                lock (_lock) grace = _userStopGrace ?? _identity.StopGrace;
                _ourStop.Open(_time.GetUtcNow());
                try { await _actions.StopAsync(_identity.Id, grace, cancellationToken).ConfigureAwait(false); }
                finally { _ourStop.Close(_time.GetUtcNow()); }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            _metrics.RestartFailed();
            throw;
        }
        _metrics.Restarted(reaction);
        return startedAt;
    }

    private static string Describe(Trouble trouble) =>
        trouble.Kind == TroubleKind.Unhealthy ? "unhealthy" : $"exited with {trouble.ExitCode} after {trouble.RanFor.TotalSeconds:0.000}s";

    private static string Describe(RestartSettings settings) => settings.Kind switch
    {
        Model.RestartKind.OnFailure => settings.MaxRetries is { } max ? $"on-failure:{max}" : "on-failure",
        Model.RestartKind.Always => "always",
        Model.RestartKind.UnlessStopped => "unless-stopped",
        _ => "no",
    } + (settings.RestartUnhealthy ? "+unhealthy" : "");
}
