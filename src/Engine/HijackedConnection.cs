using System.Net.Sockets;

namespace Composer.Engine;

/// <summary>
/// An engine connection after the engine took it over for a container's or exec's stdio (101
/// Switching Protocols): what we write is the process's stdin, what we read is its output (raw with
/// a TTY, framed without). It can be half-closed, as `docker` does when its stdin ends: the
/// process sees end of file while its output keeps coming.
/// </summary>
public sealed class HijackedConnection : IAsyncDisposable
{
    private readonly Socket? _socket;

    internal HijackedConnection(Stream stream, Socket? socket)
    {
        Stream = stream;
        _socket = socket;
    }

    public Stream Stream { get; }

    /// <summary>No more input: shuts down our sending side only, the engine's output still arrives.</summary>
    public async Task CloseWriteAsync(CancellationToken cancellationToken)
    {
        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _socket?.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // The engine already went away; the output side will tell.
        }
    }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
