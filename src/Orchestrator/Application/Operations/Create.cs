using Composer.Model;
using Composer.Reconciler;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>
/// What `create` (and the creating half of `up`) is asked, as docker compose's api.CreateOptions:
/// which services, how images are had, and how existing containers are treated.
/// </summary>
internal sealed record CreateRequest
{
    /// <summary>The services named (none: all); their dependencies come too unless <see cref="NoDeps"/>.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];
    public bool NoDeps { get; init; }
    /// <summary>--scale SERVICE=NUM.</summary>
    public IReadOnlyDictionary<string, int> Scale { get; init; } = new Dictionary<string, int>();
    /// <summary>--all-resources: networks and volumes no service uses are created too.</summary>
    public bool AllResources { get; init; }
    /// <summary>--build / --no-build.</summary>
    public BuildPolicy Images { get; init; } = BuildPolicy.IfMissing;
    /// <summary>--pull: replaces every service's own pull_policy when given.</summary>
    public string? Pull { get; init; }
    public bool QuietPull { get; init; }
    public bool QuietBuild { get; init; }
    /// <summary>Recreation, orphans, anonymous volumes (the planner's own options).</summary>
    public UpOptions Containers { get; init; } = new();
    /// <summary>--always-recreate-deps: the dependencies of the services named are recreated too.</summary>
    public bool RecreateDependencies { get; init; }
    /// <summary>-t: the grace of every stop a recreate makes; null: each service's stop_grace_period.</summary>
    public int? StopTimeout { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>
    /// `create`: images, networks, volumes and containers, nothing started. A dry run walks the
    /// whole path on the dry-run engine, so each step it would take is said.
    /// </summary>
    public async Task CreateAsync(Project project, CreateRequest request, CancellationToken cancellationToken)
    {
        request = request with { Containers = request.Containers with { NoStart = true } };
        var desired = Desired(project, request);
        await ConvergeAsync(Reconciler(project, request), desired, request.Images, Containers(desired, request), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the request makes of the project: the services, their dependencies, scale and pull policies.</summary>
    private static DesiredState Desired(Project project, CreateRequest request)
    {
        var desired = DesiredStateBuilder.Build(project, ProjectTarget.Declared(project, [.. request.Services]), !request.NoDeps,
            request.Scale.ToDictionary(), request.AllResources);
        Unrunnable.Refuse(project, desired);
        return WithPullFlag(desired, request.Pull);
    }

    /// <summary>As docker compose: --pull, when given, replaces every service's own pull_policy.</summary>
    public static DesiredState WithPullFlag(DesiredState desired, string? pull) => pull is null
        ? desired
        : desired with { Services = [.. desired.Services.Select(s => s with { Pull = PullPolicy.Parse(pull) })] };

    private ProjectReconciler Reconciler(Project project, CreateRequest request, bool supervisedRestarts = false) =>
        Reconciler(project, stopTimeout: request.StopTimeout, supervisedRestarts: supervisedRestarts,
            quietBuild: request.QuietBuild, quietPull: request.QuietPull);

    private static UpOptions Containers(DesiredState desired, CreateRequest request)
    {
        if (!request.RecreateDependencies) return request.Containers;
        if (request.Containers.NoRecreate) throw new UsageException("--always-recreate-deps and --no-recreate are incompatible");
        // The services started only because those named depend on them (none when none are named).
        return request.Containers with
        {
            ForceRecreateServices = [.. desired.Services.Select(s => s.Name).Where(name => request.Services.Count > 0 && !request.Services.Contains(name))],
        };
    }

    /// <summary>--dry-run: the image plan and the container plan, printed; nothing changes.</summary>
    private async Task PrintPlansAsync(ProjectReconciler reconciler, DesiredState desired, CreateRequest request, CancellationToken cancellationToken)
    {
        Terminal.Line((await reconciler.PlanImagesAsync(desired, request.Images, cancellationToken).ConfigureAwait(false)).ToString().TrimEnd());
        Terminal.Line((await reconciler.PlanUpAsync(desired, Containers(desired, request), cancellationToken).ConfigureAwait(false)).ToString().TrimEnd());
    }
}
