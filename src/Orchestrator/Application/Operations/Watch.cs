using Composer.Model;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>`watch`: the services to watch (none: all with `develop.watch`); <see cref="NoUp"/> skips bringing them up first.</summary>
internal sealed record WatchRequest(IReadOnlyList<string> Services)
{
    public bool NoUp { get; init; }
    public WatchFlags Flags { get; init; } = new();
}

internal sealed partial class ComposeService
{
    /// <summary>Brings the watched services up (unless asked not to), then syncs and rebuilds on file changes until cancelled.</summary>
    public async Task WatchAsync(Project project, WatchRequest request, CancellationToken cancellationToken)
    {
        var watched = ProjectWatch.Services(project, ProjectTarget.Declared(project, [.. request.Services]));
        if (!request.NoUp)
        {
            var desired = DesiredStateBuilder.Build(project, [.. watched]);
            Unrunnable.Refuse(project, desired);
            var reconciler = Reconciler(project, quietBuild: request.Flags.Quiet);
            await ConvergeAsync(reconciler, desired, BuildPolicy.IfMissing, new UpOptions(), cancellationToken).ConfigureAwait(false);
        }
        await ProjectWatch.RunAsync(this, project, watched, request.Flags, Terminal, cancellationToken).ConfigureAwait(false);
    }
}
