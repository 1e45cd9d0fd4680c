using EngineCommit = Composer.Engine.CommitRequest;

namespace Composer.Orchestrator.Application;

/// <summary>
/// `commit SERVICE [REPOSITORY[:TAG]]`: replica <see cref="Index"/> (else the one chosen as for exec)
/// made an image, named when <see cref="Repository"/> is given, the container paused meanwhile unless not <see cref="Pause"/>.
/// </summary>
internal sealed record CommitRequest(string Service)
{
    public int? Index { get; init; }
    public string? Repository { get; init; }
    public string? Tag { get; init; }
    public string? Author { get; init; }
    public string? Message { get; init; }
    /// <summary>Dockerfile instructions applied to the image's config (`ENV X=1`, `CMD ...`).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];
    public bool Pause { get; init; } = true;
}

internal sealed partial class ComposeService
{
    /// <summary>An image made from a service container's changes, as `docker compose commit`; its id in a status line.</summary>
    public async Task CommitAsync(ProjectTarget target, CommitRequest request, CancellationToken cancellationToken)
    {
        var container = await OneReplicaAsync(target, request.Service, request.Index, cancellationToken).ConfigureAwait(false);
        var image = await Engine.CommitContainerAsync(container.Id, new EngineCommit
        {
            Repository = request.Repository,
            Tag = request.Tag,
            Author = request.Author,
            Message = request.Message,
            Changes = request.Changes,
            Pause = request.Pause,
        }, cancellationToken).ConfigureAwait(false);
        Terminal.Status($" Container {ProjectContainers.Name(container)}  Committed as {image}");
    }
}
