using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Composer.Engine.BuildKit;

namespace Composer.Engine.Tests.Unit.BuildKit;

/// <summary>
/// The engine's side of a BuildKit session, written by hand for the tests: a loopback connection to our
/// HTTP/2 server with the preface and SETTINGS sent, and raw frames and gRPC messages to write and read.
/// </summary>
internal static class Http2TestClient
{
    public sealed record Frame(int Type, byte Flags, int Stream, byte[] Payload);

    /// <summary>Our server serving <paramref name="handler"/> on one end; the other end, preface and empty SETTINGS sent.</summary>
    public static async Task<(Stream Client, Task Serving)> ConnectAsync(Func<GrpcCall, Task> handler, CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, cancellationToken);
        var server = await listener.AcceptTcpClientAsync(cancellationToken);
        var serving = new Http2Server(server.GetStream(), handler).RunAsync(cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(), cancellationToken);
        await WriteFrameAsync(stream, 4, 0, 0, [], cancellationToken);
        return (stream, serving);
    }

    public static async Task WriteFrameAsync(Stream stream, int type, byte flags, int streamId, byte[] payload, CancellationToken cancellationToken)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = (byte)type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        await stream.WriteAsync(frame, cancellationToken);
    }

    public static async Task<Frame> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[9];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        return new Frame(header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)), payload);
    }

    /// <summary>A message in gRPC's framing: no compression flag, 4-byte big-endian length, the bytes.</summary>
    public static byte[] GrpcMessage(byte[] message)
    {
        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        return framed;
    }
}
