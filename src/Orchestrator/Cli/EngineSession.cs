using Composer.Engine;
using Composer.Model;
using Composer.Orchestrator.Output;
using Composer.Reconciler;

namespace Composer.Orchestrator.Cli;

/// <summary>An engine connection for one command, plus the reconciler wired to this terminal.</summary>
internal sealed class EngineSession : IAsyncDisposable
{
    private EngineSession(IEngineClient engine, Terminal terminal, int? parallelLimit)
    {
        Engine = engine;
        Terminal = terminal;
        _parallelLimit = parallelLimit;
    }

    private readonly int? _parallelLimit;

    public IEngineClient Engine { get; }
    public Terminal Terminal { get; }

    public static async Task<EngineSession> OpenAsync(System.CommandLine.ParseResult parse, Terminal terminal, CancellationToken cancellationToken)
    {
        IEngineClient engine = EngineClient.FromEnvironment();
        await engine.PingAsync(cancellationToken).ConfigureAwait(false);
        // Below every verb, so that no verb can change anything in a dry run, whatever path it takes.
        if (terminal.DryRun) engine = new DryRunEngine(engine);
        return new EngineSession(engine, terminal, GlobalOptions.ParallelLimit(parse));
    }

    /// <summary>As --progress says; by default redrawn in place on a terminal, plain lines elsewhere.</summary>
    private Reconciler.Execution.IExecutionObserver Progress => _progress ??= Terminal.Progress switch
    {
        ProgressMode.Quiet => Composer.Reconciler.Execution.SilentObserver.Instance,
        ProgressMode.Json => new ProgressJson(Terminal),
        ProgressMode.Plain => new ProgressLines(Terminal),
        // A dry run's lines each carry its mark, which a redrawn table would not show.
        _ when Terminal.DryRun => new ProgressLines(Terminal),
        ProgressMode.Tty => new LiveProgress(),
        _ => Terminal.Decorated ? new LiveProgress() : new ProgressLines(Terminal),
    };
    private Reconciler.Execution.IExecutionObserver? _progress;

    /// <param name="supervisedRestarts">An agent will own the containers' restarts: the engine gets none.</param>
    public ProjectReconciler Reconciler(Project project, int? stopTimeout = null, Reconciler.Execution.BuildOptions? build = null,
        bool supervisedRestarts = false, bool quietBuild = false, bool quietPull = false) =>
        new(Engine, project, Progress)
        {
            QuietPull = quietPull,
            SupervisedRestarts = supervisedRestarts,
            // Build output would tear a live display apart: there it shows as a tail under the rows.
            Log = Progress is LiveProgress live ? live.Output : Terminal.Status,
            StopTimeout = stopTimeout,
            Build = build ?? new(),
            MaxParallel = _parallelLimit,
            DryRun = Terminal.DryRun,
            QuietBuild = quietBuild,
        };

    /// <summary>Runs reconciler work inside the live display when there is one.</summary>
    public Task ShowProgressAsync(Func<Task> work) =>
        Progress is LiveProgress live ? live.RunAsync(Terminal.LiveConsole(), work) : work();

    public ValueTask DisposeAsync()
    {
        (Engine as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
