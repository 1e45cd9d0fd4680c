using System.Collections.Concurrent;
using Composer.Engine;
using Composer.Reconciler.Supervision;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// The agent's body: one engine connection, one event pump, one supervisor, one job scheduler,
/// and a worker per registered project. On a clean stop it hands every project's restart
/// policies back to the engine, so containers are not left without an owner of restarts.
/// </summary>
internal sealed class AgentService(AgentOptions options, ILogger<AgentService> logger, TimeProvider time, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, ProjectWorker> _workers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _registry = new(1, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IEngineClient? _engine;
    private AgentStateStore? _store;
    private Supervisor? _supervisor;
    private JobScheduler? _jobs;
    private EventPump? _pump;

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();
    public Supervisor Supervisor => _supervisor ?? throw new InvalidOperationException("the agent is starting");
    public JobScheduler Jobs => _jobs ?? throw new InvalidOperationException("the agent is starting");
    public long EventsSeen => _pump?.Events ?? 0;
    public IReadOnlyCollection<ProjectWorker> Workers => [.. _workers.Values.OrderBy(w => w.Registration.Name, StringComparer.Ordinal)];

    /// <summary>Completes once state is loaded and the registry can be changed.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Why the agent gave up, if it did: the process then exits non-zero with this message.</summary>
    public Exception? Fatal { get; private set; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _store = AgentStateStore.Open(options.StateDirectory, warning => logger.LogWarning("{Warning}", warning));
        _engine = EngineClient.FromEnvironment();
        _supervisor = new Supervisor(_engine, _store, time, line => logger.LogInformation("{Line}", line));
        _jobs = await JobScheduler.StartAsync(_engine, _store, time, logger).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            _pump = new EventPump(_engine!, _supervisor!, _store!, logger, _workers.ContainsKey, Poke, PokeAll);
            var pump = _pump.RunAsync(stoppingToken);
            foreach (var project in _store!.Projects) StartWorker(project);
            await _jobs!.ScheduleResyncAsync(options.ResyncInterval, PokeAll).ConfigureAwait(false);
            _ready.TrySetResult();
            logger.LogInformation("agent ready: {Count} projects, state in {Directory}", _workers.Count, options.StateDirectory);
            var rebuild = _store.ToRebuild is { Count: > 0 } names
                ? new RegistrationRebuild(_engine!, logger).RunAsync(names, _workers.ContainsKey, RegisterAsync, _store.Rebuilt, stoppingToken)
                : Task.CompletedTask;
            await Task.WhenAll(pump, rebuild).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception error)
        {
            // One line, no stack trace; the process exits non-zero (AgentHost) instead of 0 as if all were well.
            Fatal = error;
            logger.LogCritical("agent stopped: {Error}", error.Message);
            _ready.TrySetException(error);
            lifetime.StopApplication();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // A clean stop: the engine owns restarts again until the agent comes back.
        await Task.WhenAll(_workers.Values.Select(w => w.StopAsync(restorePolicies: true))).ConfigureAwait(false);
        if (_jobs is not null) await _jobs.DisposeAsync().ConfigureAwait(false);
        _store?.Flush();
        _engine?.Dispose();
        logger.LogInformation("agent stopped; restart policies handed back to the engine");
    }

    public async Task<RegisteredProject> RegisterAsync(RegisteredProject project)
    {
        await Ready.ConfigureAwait(false);
        await _registry.WaitAsync().ConfigureAwait(false);
        try
        {
            _store!.Register(project);
            if (_workers.TryRemove(project.Name, out var previous)) await previous.StopAsync(restorePolicies: false).ConfigureAwait(false);
            StartWorker(project);
            logger.LogInformation("{Project}: registered ({Directory})", project.Name, project.WorkingDirectory);
            return project;
        }
        finally { _registry.Release(); }
    }

    /// <returns>False when no project has that name.</returns>
    public async Task<bool> ScaleAsync(string name, IReadOnlyDictionary<string, int> replicas)
    {
        await Ready.ConfigureAwait(false);
        RegisteredProject? scaled;
        await _registry.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_workers.TryGetValue(name, out var worker)) return false;
            var merged = new Dictionary<string, int>(worker.Registration.Scale ?? [], StringComparer.Ordinal);
            foreach (var (service, count) in replicas) merged[service] = count;
            scaled = worker.Registration with { Scale = merged };
        }
        finally { _registry.Release(); }
        await RegisterAsync(scaled).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> UnregisterAsync(string name)
    {
        await Ready.ConfigureAwait(false);
        await _registry.WaitAsync().ConfigureAwait(false);
        try
        {
            var known = _store!.Unregister(name);
            if (_workers.TryRemove(name, out var worker)) await worker.StopAsync(restorePolicies: true).ConfigureAwait(false);
            if (known) logger.LogInformation("{Project}: unregistered; the engine owns its restarts again", name);
            return known;
        }
        finally { _registry.Release(); }
    }

    private void StartWorker(RegisteredProject project) =>
        _workers[project.Name] = new ProjectWorker(project, _engine!, _supervisor!, _jobs!, logger, time, options.WatchDebounce);

    private void Poke(string project)
    {
        if (_workers.TryGetValue(project, out var worker)) worker.Poke();
    }

    private void PokeAll()
    {
        foreach (var worker in _workers.Values) worker.Poke();
    }
}
