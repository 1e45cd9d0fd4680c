using Composer.Engine;
using Composer.Model;
using Composer.Orchestrator.Output;
using Composer.Reconciler;

namespace Composer.Orchestrator.Application;

/// <summary>
/// The application service under the verbs, as docker compose's `api.Service`: one method per
/// operation, each taking its request record. The CLI parses a command line into a request and
/// calls; the agent calls the same methods. What an operation shows goes to <see cref="Terminal"/>
/// (a dry run's marks included); what it changes goes through <see cref="Engine"/> (a dry run's
/// engine changes nothing).
/// </summary>
internal sealed partial class ComposeService : IAsyncDisposable
{
    /// <param name="parallelLimit">--parallel / COMPOSE_PARALLEL_LIMIT: engine calls a plan makes at once.</param>
    /// <param name="progress">Who hears each step of a plan; by default what --progress asks of <paramref name="terminal"/>.</param>
    public ComposeService(IEngineClient engine, Terminal terminal, int? parallelLimit = null, Reconciler.Execution.IExecutionObserver? progress = null)
    {
        Engine = engine;
        Terminal = terminal;
        _parallelLimit = parallelLimit;
        _progress = progress;
    }

    private readonly int? _parallelLimit;

    public IEngineClient Engine { get; }
    public Terminal Terminal { get; }

    /// <summary>As --progress says; by default redrawn in place on a terminal, plain lines elsewhere.</summary>
    private Reconciler.Execution.IExecutionObserver Progress => _progress ??= Terminal.Progress switch
    {
        ProgressMode.Quiet => new QuietProgress(Terminal),
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
            // Quiet: nothing but errors (a failed build's output: classic through QuietProgress, BuildKit's through BuildSteps).
            Log = Progress switch { LiveProgress live => live.Output, QuietProgress quiet => quiet.Output, _ => Terminal.Status },
            BuildSteps = BuildSteps(quietBuild),
            StopTimeout = stopTimeout,
            Build = build ?? new(),
            MaxParallel = _parallelLimit,
            DryRun = Terminal.DryRun,
            // Quiet keeps build output aside (printed only for a failed build), so it still needs it.
            QuietBuild = quietBuild && Progress is not QuietProgress,
        };

    /// <summary>
    /// Where BuildKit builds' steps go, as --progress says: into the live view, as buildx's plain
    /// lines, as JSON objects; with quiet (or --quiet-build / build -q) only a failed step's output.
    /// </summary>
    private Action<string, Engine.BuildStepEvent> BuildSteps(bool quietBuild) =>
        quietBuild || Terminal.Progress == ProgressMode.Quiet ? new BuildFailurePrinter(Terminal.Status).Step
        : Progress switch
        {
            LiveProgress live => live.Step,
            ProgressJson => new BuildJsonPrinter(Terminal.StatusRaw).Step,
            _ => new BuildPlainPrinter(Terminal.Status).Step,
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
