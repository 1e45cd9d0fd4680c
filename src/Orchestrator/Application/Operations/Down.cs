using Composer.Model;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>What `down` is asked: volumes, images and orphans as the planner's options say, and the grace of each stop.</summary>
internal sealed record DownRequest
{
    public DownOptions Remove { get; init; } = new();
    /// <summary>-t; null: each service's stop_grace_period.</summary>
    public int? StopTimeout { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>
    /// `down`: the project's containers and networks removed (volumes and images as asked), under
    /// its lock. Known by name alone, what the engine labels as the project's goes, as docker compose does.
    /// </summary>
    public async Task DownAsync(ProjectTarget target, DownRequest request, CancellationToken cancellationToken)
    {
        var project = target.Project ?? Project.Empty(target.Name, Environment.CurrentDirectory);
        var desired = DesiredStateBuilder.Build(project, []);
        using var projectLock = await ProjectLock.AcquireAsync(project.Name, Terminal, cancellationToken).ConfigureAwait(false);
        var reconciler = Reconciler(project, stopTimeout: request.StopTimeout);
        var plan = target.Project is null
            ? await reconciler.PlanDownByLabelsAsync(request.Remove, cancellationToken).ConfigureAwait(false)
            : await reconciler.PlanDownAsync(desired, request.Remove, cancellationToken).ConfigureAwait(false);
        if (Terminal.DryRun)
        {
            Terminal.Line(plan.ToString().TrimEnd());
            return;
        }
        // First, or the agent would bring back what this removes.
        if (await Agent.Registration.RemoveAsync(project.Name, Terminal.Warn, cancellationToken).ConfigureAwait(false))
            Terminal.Status($"{project.Name}: unregistered from the agent");
        foreach (var warning in plan.Warnings) Terminal.Warn(warning);
        await ShowProgressAsync(() => reconciler.ExecuteAsync(desired, plan, cancellationToken, removeVolumes: request.Remove.RemoveVolumes)).ConfigureAwait(false);
    }
}
