using Composer.Engine;
using Composer.Model;
using Composer.Orchestrator.Output;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Reconciler.Watch;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Application;

/// <summary>The flags `watch` has, and `up --watch` takes their defaults of.</summary>
internal sealed record WatchFlags(bool Prune = false, bool Quiet = false);

/// <summary>What `watch` and `up --watch` share: which services to watch, and the watching itself until Ctrl-C.</summary>
internal static class ProjectWatch
{
    /// <summary>The selected services (all when none) that have watch rules; none is a usage error, told before anything starts.</summary>
    public static IReadOnlyList<string> Services(Project project, IReadOnlyCollection<string> selected)
    {
        var watched = WatchRouter.WatchedServices(project, selected);
        if (watched.Count == 0)
            throw new UsageException("none of the selected services is configured for watch, consider setting a 'develop' section");
        return watched;
    }

    /// <summary>Watches until <paramref name="cancellationToken"/> fires (Ctrl-C), which ends it quietly.</summary>
    public static async Task RunAsync(ComposeService session, Project project, IReadOnlyList<string> services, WatchFlags flags,
        Terminal terminal, CancellationToken cancellationToken)
    {
        var watch = new WatchSession(session.Engine, project, WatchRouter.For(project, services), line => terminal.Status("watch  " + line))
        {
            RebuildAsync = (service, cancel) => RebuildAsync(session, project, service, flags, terminal, cancel),
        };
        try
        {
            await watch.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            terminal.Status("watch  stopped");
        }
    }

    /// <summary>
    /// `rebuild`: the service's image built again and only its containers recreated (no
    /// dependencies, no dependents), as `up --build --no-deps SERVICE` would; with --prune the image
    /// it replaced is removed when nothing uses it any more.
    /// </summary>
    private static async Task RebuildAsync(ComposeService session, Project project, string service, WatchFlags flags, Terminal terminal, CancellationToken cancellationToken)
    {
        var desired = DesiredStateBuilder.Build(project, [service], withDependencies: false);
        var image = project.ImageName(project.Services[service]);
        var before = await ImageIdAsync(session.Engine, image, cancellationToken);
        var reconciler = session.Reconciler(project, quietBuild: flags.Quiet);
        await session.ConvergeAsync(reconciler, desired, BuildPolicy.Always, new UpOptions(), cancellationToken);
        if (!flags.Prune || before is null || before == await ImageIdAsync(session.Engine, image, cancellationToken)) return;
        try
        {
            await session.Engine.RemoveImageAsync(before, cancellationToken);
            terminal.Status($"watch  {service}: pruned the replaced image {before[..Math.Min(before.Length, 19)]}");
        }
        catch (EngineApiException)
        {
            // Still used (another tag, a container of another project): not dangling, so kept.
        }
    }

    private static async Task<string?> ImageIdAsync(IEngineClient engine, string image, CancellationToken cancellationToken)
    {
        try { return (await engine.InspectImageAsync(image, cancellationToken)).Id; }
        catch (EngineNotFoundException) { return null; }
    }
}
