using System.Text;

namespace Composer.Engine;

/// <summary>What a container is at a moment: its filesystem committed or exported, its resource usage.</summary>
public sealed partial class EngineClient
{
    public async Task<string> CommitContainerAsync(string id, CommitRequest request, CancellationToken cancellationToken)
    {
        var query = new StringBuilder($"container={Escape(id)}&pause={Bool(request.Pause)}");
        if (request.Repository is { Length: > 0 } repository) query.Append($"&repo={Escape(repository)}");
        if (request.Tag is { Length: > 0 } tag) query.Append($"&tag={Escape(tag)}");
        if (request.Author is { Length: > 0 } author) query.Append($"&author={Escape(author)}");
        if (request.Message is { Length: > 0 } message) query.Append($"&comment={Escape(message)}");
        // One `changes` parameter per instruction, as the docker CLI sends them.
        foreach (var change in request.Changes) query.Append($"&changes={Escape(change)}");
        using var response = await SendAsync(HttpMethod.Post, $"/commit?{query}", null, cancellationToken).ConfigureAwait(false);
        return (await ReadAsync(response, EngineJson.Default.CreateResponse, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>Copies the container's filesystem, a tar archive, into <paramref name="destination"/> as it arrives.</summary>
    public async Task ExportContainerAsync(string id, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/containers/{Escape(id)}/export", null, cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One stats sample (with the previous one as `precpu_stats`), as the engine's JSON text.</summary>
    public async Task<string> ContainerStatsAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/containers/{Escape(id)}/stats?stream=false", null, cancellationToken)
            .ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
