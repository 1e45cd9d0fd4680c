using Composer.Engine;
using Composer.Model;

namespace Composer.Orchestrator.Application;

/// <summary>
/// `cp`: between <see cref="From"/> and <see cref="To"/>, one of which is in <see cref="Service"/>'s
/// container (replica <see cref="Index"/>, 1 when not given), or in each of its containers with <see cref="All"/>.
/// </summary>
internal sealed record CopyRequest(string Service, CopyEndpoint From, CopyEndpoint To)
{
    public int? Index { get; init; }
    public bool All { get; init; }
    /// <summary>-L: a symlink in the source is copied as what it points at.</summary>
    public bool FollowLink { get; init; }
    /// <summary>-a: uid and gid kept.</summary>
    public bool Archive { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>Files between the host and a service's container, with `docker cp`'s rules for where they land.</summary>
    public async Task CopyAsync(Project project, CopyRequest request, CancellationToken cancellationToken)
    {
        var (service, from, to) = (request.Service, request.From, request.To);
        ProjectTarget.Declared(project, service);
        // Stopped containers too: the engine copies in and out of them as well.
        var containers = await ProjectContainers.ListAsync(Engine, project.Name, [service], all: true, cancellationToken).ConfigureAwait(false);
        if (containers.Count == 0) throw new UsageException($"no container found for service \"{service}\"");
        var targets = request.All ? containers : [Numbered(containers, service, request.Index ?? 1)];

        var copy = new ContainerCopy(Engine, new CopyOptions(request.FollowLink, request.Archive));
        foreach (var container in targets)
        {
            var name = ProjectContainers.Name(container);
            if (from.Service is not null)
            {
                await copy.FromContainerAsync(container.Id, from.Path, to.Path, cancellationToken).ConfigureAwait(false);
                // Not a word on stdout when the archive goes there; stderr stays quiet too, as docker cp's does.
                if (!to.IsStream) Terminal.Status($"Copied {name}:{from.Path} to {to.Path}");
            }
            else
            {
                await copy.ToContainerAsync(container.Id, from.Path, to.Path, cancellationToken).ConfigureAwait(false);
                Terminal.Status($"Copied {from.Path} to {name}:{to.Path}");
            }
        }
    }

    private static ContainerSummary Numbered(List<ContainerSummary> containers, string service, int number) =>
        containers.FirstOrDefault(c => ProjectContainers.NumberOf(c) == number)
        ?? throw new UsageException($"service \"{service}\" has no container #{number}");
}
