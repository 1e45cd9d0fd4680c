using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Reconciler;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `up` without -d: streams every container's output prefixed by container, and stops the
/// project gracefully on Ctrl-C (a second Ctrl-C kills what is still running).
/// With --abort-on-container-exit the first container to exit stops the rest.
/// </summary>
internal sealed class AttachedRun(IEngineClient engine, Terminal terminal, string project, DesiredState desired)
{
    public bool AbortOnExit { get; init; }
    public string? ExitCodeFrom { get; init; }
    public int? StopTimeout { get; init; }

    public async Task<int> RunAsync(ProjectReconciler reconciler, CancellationToken cancellationToken)
    {
        Interrupts.ForceWanted = true;
        var services = desired.Services.Select(s => s.Name).ToList();
        var containers = await ProjectContainers.ListAsync(engine, project, services, all: true, cancellationToken);
        var labels = containers.ToDictionary(c => c.Id, c => ProjectContainers.Name(c));
        var printer = new LogPrinter(terminal, labels.Values.Select(l => l.Length).DefaultIfEmpty(0).Max());
        using var stopLogs = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var followers = containers.ToDictionary(
            c => printer.FollowAsync(engine, c.Id, labels[c.Id], new LogRequest { Follow = true, Tail = "all" }, true, stopLogs.Token),
            c => c);
        var exitCode = 0;
        try
        {
            while (followers.Count > 0)
            {
                var ended = await Task.WhenAny(followers.Keys);
                var container = followers[ended];
                followers.Remove(ended);
                var code = (int)await engine.WaitContainerAsync(container.Id, cancellationToken);
                terminal.Status($"{labels[container.Id]} exited with code {code}");
                if (ExitCodeFrom is null || ProjectContainers.ServiceOf(container) == ExitCodeFrom) exitCode = code;
                if (AbortOnExit && (ExitCodeFrom is null || ProjectContainers.ServiceOf(container) == ExitCodeFrom))
                {
                    terminal.Status("Aborting on container exit...");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            terminal.Status("Gracefully stopping... (press Ctrl+C again to force)");
            exitCode = 130;
        }
        stopLogs.Cancel();
        await StopAllAsync(reconciler);
        return exitCode;
    }

    private async Task StopAllAsync(ProjectReconciler reconciler)
    {
        var observed = await reconciler.ObserveAsync(desired, CancellationToken.None);
        var running = observed.Containers.Where(c => c.IsRunning && !c.OneOff).ToList();
        using var killing = Interrupts.Force.Register(() => _ = KillAllAsync(running));
        await Task.WhenAll(running.Select(async c =>
        {
            await engine.StopContainerAsync(c.Id, StopTimeout ?? 10, CancellationToken.None);
            terminal.Status($" Container {c.Name}  {(Interrupts.Force.IsCancellationRequested ? "Killed" : "Stopped")}");
        }));
    }

    /// <summary>The second Ctrl-C: SIGKILL now; the pending stops return as the containers die.</summary>
    private async Task KillAllAsync(IEnumerable<ObservedContainer> containers)
    {
        terminal.Status("Killing...");
        await Task.WhenAll(containers.Select(async c =>
        {
            try { await engine.KillContainerAsync(c.Id, "SIGKILL", CancellationToken.None); }
            catch (EngineApiException) { } // already stopped
        }));
    }
}
