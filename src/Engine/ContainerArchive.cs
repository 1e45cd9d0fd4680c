namespace Composer.Engine;

/// <summary>
/// A tar archive streaming out of a container, and what its path is. It holds the engine's
/// response open until disposed, so the archive is read as it arrives rather than buffered.
/// </summary>
public sealed class ContainerArchive : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;

    internal ContainerArchive(HttpResponseMessage response, Stream content, ContainerPathStat stat)
    {
        _response = response;
        Content = content;
        Stat = stat;
    }

    public Stream Content { get; }
    public ContainerPathStat Stat { get; }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}
