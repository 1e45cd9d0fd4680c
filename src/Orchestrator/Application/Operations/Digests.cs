using Composer.Model;

namespace Composer.Orchestrator.Application;

internal sealed partial class ComposeService
{
    /// <summary>`config --resolve-image-digests` / `--lock-image-digests`: each service's image pinned to the digest its registry gives now.</summary>
    public Task<Project> PinImageDigestsAsync(Project project, CancellationToken cancellationToken) =>
        ImageDigests.PinAsync(Engine, project, cancellationToken);
}
