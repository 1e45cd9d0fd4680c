using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Composer.Engine;

public enum LogStream { StdIn = 0, StdOut = 1, StdErr = 2 }

/// <summary>A piece of a container's output, from one stream. Frames may cut lines anywhere.</summary>
public readonly record struct LogFrame(LogStream Stream, ReadOnlyMemory<byte> Payload);

/// <summary>
/// The engine multiplexes stdout and stderr of non-TTY containers into one stream of frames:
/// an 8-byte header [stream, 0, 0, 0, size (big-endian uint32)] then the payload. TTY containers
/// send raw bytes instead.
/// </summary>
public static class StreamDemultiplexer
{
    public static async IAsyncEnumerable<LogFrame> ReadAsync(Stream source, bool tty, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (tty)
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await ReadSomeAsync(source, buffer, cancellationToken).ConfigureAwait(false)) > 0)
                yield return new LogFrame(LogStream.StdOut, buffer.AsMemory(0, read).ToArray());
            yield break;
        }

        var header = new byte[8];
        while (await ReadExactlyOrEndAsync(source, header, cancellationToken).ConfigureAwait(false))
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            var payload = new byte[size];
            if (!await ReadExactlyOrEndAsync(source, payload, cancellationToken).ConfigureAwait(false))
                throw new EndOfStreamException("the engine's output stream ended inside a frame");
            var stream = header[0] is 0 or 1 or 2 ? (LogStream)header[0] : LogStream.StdOut;
            yield return new LogFrame(stream, payload);
        }
    }

    /// <summary>True when the buffer was filled; false at a clean end of stream before any byte.</summary>
    private static async Task<bool> ReadExactlyOrEndAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await ReadSomeAsync(source, buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (filled == 0) return false;
                throw new EndOfStreamException("the engine's output stream ended inside a frame header");
            }
            filled += read;
        }
        return true;
    }

    /// <summary>
    /// Reads with cancellation that works even on sockets that ignore the token mid-read: a
    /// cancelled follow stream must end promptly.
    /// </summary>
    private static async Task<int> ReadSomeAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(source.Dispose);
        try
        {
            return await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
