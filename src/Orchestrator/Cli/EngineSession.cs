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

    public ProjectReconciler Reconciler(Project project, int? stopTimeout = null, Reconciler.Execution.BuildOptions? build = null) =>
        new(Engine, project, new ProgressLines(Terminal))
        {
            Log = Terminal.Status,
            StopTimeout = stopTimeout,
            Build = build ?? new(),
        };

    public ValueTask DisposeAsync()
    {
        (Engine as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
