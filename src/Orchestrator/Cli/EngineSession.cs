using Composer.Engine;
using Composer.Model;
using Composer.Orchestrator.Output;
using Composer.Reconciler;

namespace Composer.Orchestrator.Cli;

/// <summary>An engine connection for one command, plus the reconciler wired to this terminal.</summary>
internal sealed class EngineSession : IAsyncDisposable
{
    private EngineSession(IEngineClient engine, Terminal terminal)
    {
        Engine = engine;
        Terminal = terminal;
    }

    public IEngineClient Engine { get; }
    public Terminal Terminal { get; }

    public static async Task<EngineSession> OpenAsync(Terminal terminal, CancellationToken cancellationToken)
    {
        var engine = EngineClient.FromEnvironment();
        await engine.PingAsync(cancellationToken).ConfigureAwait(false);
        return new EngineSession(engine, terminal);
    }

    /// <summary>Redrawn in place on a terminal, plain lines elsewhere.</summary>
    private Reconciler.Execution.IExecutionObserver Progress => _progress ??= Terminal.Decorated ? new LiveProgress() : new ProgressLines(Terminal);
    private Reconciler.Execution.IExecutionObserver? _progress;

    /// <param name="supervisedRestarts">An agent will own the containers' restarts: the engine gets none.</param>
    public ProjectReconciler Reconciler(Project project, int? stopTimeout = null, Reconciler.Execution.BuildOptions? build = null,
        bool supervisedRestarts = false, Action<string>? log = null, bool quietPull = false) =>
        new(Engine, project, Progress)
        {
            QuietPull = quietPull,
            SupervisedRestarts = supervisedRestarts,
            // Build output would tear a live display apart: there it shows as a tail under the rows.
            Log = log ?? (Progress is LiveProgress live ? live.Output : Terminal.Status),
            StopTimeout = stopTimeout,
            Build = build ?? new(),
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
