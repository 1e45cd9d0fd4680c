using Composer.Engine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Output;

namespace Composer.Orchestrator.Cli;

/// <summary>Opens the application service a verb calls, on the engine the environment names, as the global flags say.</summary>
internal static class Compose
{
    public static async Task<ComposeService> OpenAsync(System.CommandLine.ParseResult parse, Terminal terminal, CancellationToken cancellationToken)
    {
        IEngineClient engine = EngineClient.FromEnvironment();
        await engine.PingAsync(cancellationToken).ConfigureAwait(false);
        // Below every verb, so that no verb can change anything in a dry run, whatever path it takes.
        if (terminal.DryRun) engine = new DryRunEngine(engine);
        return new ComposeService(engine, terminal, GlobalOptions.ParallelLimit(parse));
    }

    /// <summary>
    /// What a verb on an existing project does around its one call: find the project (or its name
    /// alone, through the engine's labels) and open the service.
    /// </summary>
    public static async Task<int> OnProjectAsync(System.CommandLine.ParseResult parse, Func<ComposeService, ProjectTarget, Task> call,
        CancellationToken cancellationToken)
    {
        var target = ProjectSession.LoadOrName(parse);
        await using var compose = await OpenAsync(parse, CommandLine.Terminal(parse), cancellationToken).ConfigureAwait(false);
        await call(compose, target).ConfigureAwait(false);
        return 0;
    }
}
