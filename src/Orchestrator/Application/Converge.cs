using Composer.Reconciler;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

internal sealed partial class ComposeService
{
    /// <summary>
    /// Images, then networks, volumes and containers, under the project's lock: the step `up`,
    /// `create`, `scale` and the agent's every pass share. The plan's warnings come after the live view.
    /// </summary>
    /// <param name="whileLocked">Runs once converged, still under the lock (registering with the agent, telling it a new scale).</param>
    public async Task<Plan> ConvergeAsync(ProjectReconciler reconciler, DesiredState desired, BuildPolicy images, UpOptions containers,
        CancellationToken cancellationToken, Func<Task>? whileLocked = null)
    {
        Plan plan;
        // Held while observing, planning and executing; not while attached, so others may `up` meanwhile.
        using (await ProjectLock.AcquireAsync(desired.Project, Terminal.Status, cancellationToken).ConfigureAwait(false))
        {
            Plan? done = null;
            await ShowProgressAsync(async () =>
            {
                await reconciler.EnsureImagesAsync(desired, images, cancellationToken).ConfigureAwait(false);
                done = await reconciler.UpAsync(desired, containers, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            plan = done!;
            if (whileLocked is not null) await whileLocked().ConfigureAwait(false);
        }
        foreach (var warning in plan.Warnings) Terminal.Warn(warning);
        return plan;
    }
}
