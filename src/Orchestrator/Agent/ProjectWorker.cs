using System.Threading.Channels;
using Composer.Engine;
using Composer.Model;
using Composer.Reconciler;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.Scheduling;
using Composer.Reconciler.State;
using Composer.Reconciler.Supervision;
using Microsoft.Extensions.Logging;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// Keeps one registered project converged. Level-triggered: anything that may matter (an engine
/// event, a file change, the periodic resync) only pokes it; each pass reads the files and the
/// engine afresh, converges through the application service `up` uses, then hands the containers to
/// the supervisor and the schedules to the job scheduler. Pokes that arrive during a pass
/// coalesce into one more pass.
/// </summary>
internal sealed class ProjectWorker
{
    private readonly IEngineClient _engine;
    private readonly Supervisor _supervisor;
    private readonly JobScheduler _jobs;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _pokes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly FileWatch _watch;
    private readonly ComposeService _compose;
    private readonly Task _loop;

    public ProjectWorker(RegisteredProject registration, IEngineClient engine, Supervisor supervisor, JobScheduler jobs,
        ILogger logger, TimeProvider time, TimeSpan debounce)
    {
        Registration = registration;
        _engine = engine;
        _supervisor = supervisor;
        _jobs = jobs;
        _logger = logger;
        _time = time;
        Rollouts = new RolloutTracker(time);
        // The same service `up` calls; what it says goes to the log, each step of a plan to the rollout tracker.
        var log = new Output.Terminal(Output.AnsiMode.Never, TextWriter.Null, new LoggedLines(logger, registration.Name, LogLevel.Information));
        _compose = new ComposeService(engine, log, progress: Rollouts);
        _watch = new FileWatch(WatchedFiles(registration), debounce, Poke);
        _loop = Task.Run(() => LoopAsync(_stop.Token));
        Poke();
    }

    public RegisteredProject Registration { get; }
    /// <summary>The last project that loaded and converged: kept running while the files are broken.</summary>
    public Project? Current { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset? LastReconcileAt { get; private set; }
    /// <summary>Each service's latest start-first rollout, and the versions held back after a failed one.</summary>
    public RolloutTracker Rollouts { get; }
    public long Passes => Interlocked.Read(ref _passes);
    public long Errors => Interlocked.Read(ref _errors);
    private long _passes;
    private long _errors;

    public void Poke() => _pokes.Writer.TryWrite(true);

    /// <summary>Ends the loop; with <paramref name="restorePolicies"/> the engine owns the containers' restarts again.</summary>
    public async Task StopAsync(bool restorePolicies)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _watch.Dispose();
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
        await _jobs.RemoveAsync(Registration.Name).ConfigureAwait(false);
        if (Current is { } project)
        {
            try { await _supervisor.ReleaseAsync(project, restorePolicies, CancellationToken.None).ConfigureAwait(false); }
            catch (Exception error) when (error is EngineApiException or EngineUnavailableException)
            {
                _logger.LogWarning("{Project}: could not hand restart policies back to the engine: {Error}", Registration.Name, error.Message);
            }
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (await _pokes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _pokes.Reader.TryRead(out _);
            await PassAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PassAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _passes);
        Project project;
        try
        {
            project = Load();
            ComposerExtensions.Validate(project);
        }
        catch (Exception error) when (error is ComposeModelException or SupervisionConfigException or IOException)
        {
            Fail(error, Current is null ? "" : " (still running the last good version)");
            return; // nothing is touched: the last good project stays as it is
        }

        try
        {
            var desired = DesiredStateBuilder.Build(project, [], scale: Registration.Scale).FetchingOnlyWhatIsMissing();
            var plan = await _compose.ConvergeAsync(_compose.Reconciler(project, supervisedRestarts: true), desired, BuildPolicy.IfMissing,
                new UpOptions { LeaveExited = true, RemoveOrphans = true, HeldBack = Rollouts.HeldBack }, cancellationToken).ConfigureAwait(false);
            if (!plan.IsEmpty)
                _logger.LogInformation("{Project}: converged:\n{Plan}", project.Name, plan.ToString().TrimEnd());
            await _supervisor.AdoptAsync(project, cancellationToken).ConfigureAwait(false);
            await _jobs.SyncAsync(project).ConfigureAwait(false);
            Current = project;
            Error = null;
            LastReconcileAt = _time.GetUtcNow();
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(error, "");
            // Try again soon rather than at the next resync: the engine may only have blinked.
            _ = Task.Delay(TimeSpan.FromSeconds(5), _time, cancellationToken).ContinueWith(_ => Poke(), TaskScheduler.Default);
        }
    }

    private void Fail(Exception error, string note)
    {
        Interlocked.Increment(ref _errors);
        Error = error.Message;
        _logger.LogError("{Project}: {Error}{Note}", Registration.Name, error.Message, note);
    }

    private Project Load() => ProjectLoader.Load(new ProjectOptions
    {
        ConfigFiles = Registration.ConfigFiles,
        WorkingDirectory = Registration.WorkingDirectory,
        ProjectDirectory = Registration.WorkingDirectory,
        ProjectName = Registration.Name,
        EnvFiles = Registration.EnvFiles,
        Profiles = Registration.Profiles,
        Environment = HostEnvironment.Variables(),
    });

    private static IEnumerable<string> WatchedFiles(RegisteredProject registration) =>
        [.. registration.ConfigFiles, .. registration.EnvFiles, Path.Combine(registration.WorkingDirectory, ".env")];
}
