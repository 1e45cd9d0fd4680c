using System.Text;
using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Containers;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Scheduling;

/// <summary>One run of a scheduled job, as `composer jobs` shows it.</summary>
/// <param name="ExitCode">Null when the run did not get as far as an exit (see <paramref name="Error"/>).</param>
/// <param name="Log">The end of the run's output.</param>
public sealed record JobRun(DateTimeOffset StartedAt, TimeSpan Duration, long? ExitCode, string? Error, string Log);

/// <summary>
/// Runs a scheduled service once: its networks, volumes and image made ready as for `up`, then a
/// one-off container started, waited for, its output kept and the container removed.
/// </summary>
public sealed class JobRunner(IEngineClient engine, TimeProvider time)
{
    /// <summary>How much of a run's output is kept.</summary>
    public const int LogTailLines = 20;

    public async Task<JobRun> RunAsync(Project project, string service, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        string? id = null;
        try
        {
            var desired = DesiredStateBuilder.Build(project, [service], withDependencies: false).FetchingOnlyWhatIsMissing();
            var reconciler = new ProjectReconciler(engine, project, SilentObserver.Instance);
            await reconciler.EnsureImagesAsync(desired, BuildPolicy.IfMissing, cancellationToken).ConfigureAwait(false);
            await reconciler.UpAsync(desired with { Services = [] }, new UpOptions(), cancellationToken).ConfigureAwait(false);

            var spec = OneOffContainer.Spec(project, project.Services[service], desired.Find(service)!);
            spec.Labels = new Dictionary<string, string>(spec.Labels ?? []) { [ComposeLabels.ScheduledJob] = ComposeLabels.True };
            id = await engine.CreateContainerAsync(project.OneOffContainerName(service), spec, cancellationToken).ConfigureAwait(false);
            await engine.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
            var exit = await engine.WaitContainerAsync(id, cancellationToken).ConfigureAwait(false);
            return new JobRun(started, time.GetUtcNow() - started, exit, null, await TailAsync(id, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return new JobRun(started, time.GetUtcNow() - started, null, error.Message, "");
        }
        finally
        {
            if (id is not null)
            {
                // A removal that fails (the engine gone meanwhile) must not replace the run's own result;
                // the leftover goes with the next agent's start (RemoveLeftoversAsync).
                try { await engine.RemoveContainerAsync(id, force: true, volumes: true, CancellationToken.None).ConfigureAwait(false); }
                catch (Exception error) when (error is EngineApiException or EngineUnavailableException) { }
            }
        }
    }

    /// <summary>
    /// Runs left behind by an agent that was killed or stopped mid-run: at start-up none of them is
    /// ours to wait for, so they go (the next fire time runs the job afresh).
    /// </summary>
    public async Task<int> RemoveLeftoversAsync(string project, CancellationToken cancellationToken)
    {
        var leftovers = await engine.ListContainersAsync(true, [$"{ComposeLabels.Project}={project}", $"{ComposeLabels.ScheduledJob}={ComposeLabels.True}"], cancellationToken).ConfigureAwait(false);
        foreach (var container in leftovers)
        {
            try { await engine.RemoveContainerAsync(container.Id, force: true, volumes: true, cancellationToken).ConfigureAwait(false); }
            catch (EngineNotFoundException) { }
        }
        return leftovers.Count;
    }

    private async Task<string> TailAsync(string id, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var request = new LogRequest { Tail = LogTailLines.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await foreach (var frame in engine.ContainerLogsAsync(id, request, cancellationToken).ConfigureAwait(false))
            text.Append(Encoding.UTF8.GetString(frame.Payload.Span));
        return text.ToString();
    }
}
