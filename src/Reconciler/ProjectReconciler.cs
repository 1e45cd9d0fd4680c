using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Containers;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Reconciler;

/// <summary>
/// Observe -> plan -> execute for one project. The same object serves the CLI verbs and (later)
/// the agent's reconcile loop: every call reads the world afresh, so running it twice changes
/// nothing the second time.
/// </summary>
public sealed class ProjectReconciler(IEngineClient engine, Project project, IExecutionObserver observer)
{
    public Action<string> Log { get; init; } = _ => { };
    /// <summary>Hears BuildKit builds' steps with the service's name; null: they come as <see cref="Log"/> lines.</summary>
    public Action<string, BuildStepEvent>? BuildSteps { get; init; }
    public BuildOptions Build { get; init; } = new();
    public int? StopTimeout { get; init; }
    public bool QuietPull { get; init; }

    /// <summary>Set by the agent: it restarts containers itself, so the engine must not.</summary>
    public bool SupervisedRestarts { get; init; }
    /// <summary>At most this many engine operations at once (--parallel); null: as many as the plan's edges allow.</summary>
    public int? MaxParallel { get; init; }
    /// <summary>--dry-run: the engine below is a <see cref="DryRunEngine"/>; the host is left alone too.</summary>
    public bool DryRun { get; init; }
    /// <summary>--quiet-build: no build output.</summary>
    public bool QuietBuild { get; init; }

    public Task<ObservedState> ObserveAsync(DesiredState desired, CancellationToken cancellationToken) =>
        new ObservedStateReader(engine).ReadAsync(project.Name, desired.Services.Select(s => s.Image), cancellationToken);

    /// <summary>The builds and pulls to do; refuses builds that need BuildKit before any starts.</summary>
    public async Task<Plan> PlanImagesAsync(DesiredState desired, BuildPolicy policy, CancellationToken cancellationToken)
    {
        var plan = ImagePlanner.Plan(desired, await ObserveAsync(desired, cancellationToken).ConfigureAwait(false), policy);
        BuildKeyLimits.Refuse(project, plan, Build);
        return plan;
    }

    public async Task<Plan> PlanUpAsync(DesiredState desired, UpOptions options, CancellationToken cancellationToken) =>
        UpPlanner.Plan(desired, await ObserveAsync(desired, cancellationToken).ConfigureAwait(false), options);

    public async Task<Plan> PlanDownAsync(DesiredState desired, DownOptions options, CancellationToken cancellationToken) =>
        DownPlanner.Plan(desired, await ObserveAsync(desired, cancellationToken).ConfigureAwait(false), options);

    /// <summary>`down` without a compose file: every container, network (and with -v volume) labelled as the project's goes.</summary>
    public async Task<Plan> PlanDownByLabelsAsync(DownOptions options, CancellationToken cancellationToken) =>
        DownPlanner.Plan(null, await new ObservedStateReader(engine).ReadAsync(project.Name, [], cancellationToken).ConfigureAwait(false), options);

    /// <summary>Builds and pulls first: a failed build stops here, before any running container is touched.</summary>
    public async Task EnsureImagesAsync(DesiredState desired, BuildPolicy policy, CancellationToken cancellationToken) =>
        await ExecuteAsync(desired, await PlanImagesAsync(desired, policy, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<Plan> UpAsync(DesiredState desired, UpOptions options, CancellationToken cancellationToken)
    {
        // Duplicate networks make every connect by name fail: one is kept before anything is planned on them.
        await NetworkDuplicates.SettleProjectAsync(engine, project.Name, Log, cancellationToken).ConfigureAwait(false);
        var plan = await PlanUpAsync(desired, options, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(desired, plan, cancellationToken).ConfigureAwait(false);
        return plan;
    }

    public Task ExecuteAsync(DesiredState desired, Plan plan, CancellationToken cancellationToken, bool removeVolumes = false)
    {
        // A dry run changes nothing on the host either.
        if (!DryRun) BindSources.EnsureExist(project, plan);
        var runner = new EngineOperationRunner(engine, project, desired)
        {
            Log = Log, BuildSteps = BuildSteps, Build = Build, StopTimeout = StopTimeout, RemoveVolumes = removeVolumes, SupervisedRestarts = SupervisedRestarts, QuietBuild = QuietBuild, QuietPull = QuietPull,
            Progress = observer.Progressed,
        };
        return new PlanExecutor(runner, observer, MaxParallel).ExecuteAsync(plan, cancellationToken);
    }

    /// <summary>--wait: every selected service running, and healthy where it has a healthcheck.</summary>
    /// <param name="timeout">--wait-timeout; null: each service's own bound (<see cref="ServiceConditionWaiter"/>).</param>
    public async Task WaitReadyAsync(DesiredState desired, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var waiter = new ServiceConditionWaiter(engine, project.Name);
        await Task.WhenAll(desired.Services.Select(service =>
        {
            var config = project.Services[service.Name];
            var condition = config.Healthcheck is { IsDisabled: false } ? DependencyCondition.ServiceHealthy : DependencyCondition.ServiceStarted;
            return waiter.WaitAsync(service.Name, condition, timeout, cancellationToken);
        })).ConfigureAwait(false);
    }
}
