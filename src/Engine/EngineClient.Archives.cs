using System.Net.Http.Headers;
using System.Text.Json;

namespace Composer.Engine;

public sealed partial class EngineClient
{
    private const string PathStatHeader = "X-Docker-Container-Path-Stat";

    public async Task PutArchiveAsync(string id, string path, Stream tar, ArchiveUploadOptions options, CancellationToken cancellationToken)
    {
        var content = new StreamContent(tar);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var query = $"path={Escape(path)}&noOverwriteDirNonDir={Bool(options.NoOverwriteDirNonDir)}&copyUIDGID={Bool(options.CopyOwnership)}";
        await SendAsync(HttpMethod.Put, $"/containers/{Escape(id)}/archive?{query}", cancellationToken, content).ConfigureAwait(false);
    }

    public async Task<ContainerArchive> GetArchiveAsync(string id, string path, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, $"/containers/{Escape(id)}/archive?path={Escape(path)}", null, cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        try
        {
            var stat = PathStatOf(response);
            var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ContainerArchive(response, content, stat);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<ContainerPathStat> StatContainerPathAsync(string id, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, $"/containers/{Escape(id)}/archive?path={Escape(path)}", null, cancellationToken)
            .ConfigureAwait(false);
        return PathStatOf(response);
    }

    /// <summary>The header is base64 of a JSON object: name, size, mode, mtime, linkTarget.</summary>
    private static ContainerPathStat PathStatOf(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(PathStatHeader, out var values) || values.FirstOrDefault() is not { Length: > 0 } encoded)
            throw new EngineApiException(response.StatusCode, $"the engine sent no {PathStatHeader} header");
        try
        {
            return JsonSerializer.Deserialize(Convert.FromBase64String(encoded), EngineJson.Default.ContainerPathStat)
                ?? throw new EngineApiException(response.StatusCode, $"the engine sent an empty {PathStatHeader} header");
        }
        catch (Exception error) when (error is FormatException or JsonException)
        {
            throw new EngineApiException(response.StatusCode, $"the engine sent an unreadable {PathStatHeader} header: {error.Message}");
        }
    }
}
