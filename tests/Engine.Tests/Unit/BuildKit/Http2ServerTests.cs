using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Composer.Engine.BuildKit;

using static Composer.Engine.Tests.Unit.BuildKit.Http2TestClient;

namespace Composer.Engine.Tests.Unit.BuildKit;

/// <summary>
/// Our HTTP/2 server driven by a hand-written client over a loopback socket, as the engine drives
/// it over the hijacked session: settings, one gRPC call, its answer, and flow control.
/// </summary>
public sealed class Http2ServerTests
{
    private static byte[] Request(string path) =>
        HpackEncoder.Encode([(":method", "POST"), (":scheme", "http"), (":path", path), ("content-type", "application/grpc"), ("dir-name", "context")]);

    [Fact]
    public async Task A_unary_call_gets_headers_its_message_and_ok_trailers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var token = timeout.Token;
        string? seenPath = null, seenDir = null;
        var (client, serving) = await ConnectAsync(async call =>
        {
            seenPath = call.Path;
            seenDir = call.Metadata("dir-name").Single();
            var request = await call.ReadMessageAsync(token);
            byte[] reply = [.. request!, 0x2A];
            await call.WriteMessageAsync(reply, token);
            await call.FinishAsync(GrpcStatus.Ok, null, token);
        }, token);

        await WriteFrameAsync(client, 1, 0x4, 1, Request("/test.Echo/Call"), token);
        await WriteFrameAsync(client, 0, 0x1, 1, GrpcMessage([0x08, 0x01]), token);

        var frames = new List<Frame>();
        while (frames.Count(f => f.Stream == 1 && f.Type == 1) < 2) frames.Add(await ReadFrameAsync(client, token));
        Assert.Contains(frames, f => f.Type == 4 && f.Flags == 0);      // the server's settings
        Assert.Contains(frames, f => f.Type == 4 && f.Flags == 1);      // the ack of ours
        var ofCall = frames.Where(f => f.Stream == 1 && f.Type != 8).ToList();
        var decoder = new HpackDecoder();
        Assert.Contains((":status", "200"), decoder.Decode(ofCall[0].Payload));
        Assert.Equal(GrpcMessage([0x08, 0x01, 0x2A]), ofCall[1].Payload);
        Assert.Equal(1, ofCall[2].Flags & 1); // end of stream on the trailers
        Assert.Contains(("grpc-status", "0"), decoder.Decode(ofCall[2].Payload));
        Assert.Equal("/test.Echo/Call", seenPath);
        Assert.Equal("context", seenDir);

        client.Dispose();
        await serving;
    }

    [Fact]
    public async Task Data_beyond_the_window_waits_for_a_window_update_and_pings_are_answered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var token = timeout.Token;
        var (client, serving) = await ConnectAsync(async call =>
        {
            await call.WriteMessageAsync(new byte[100_000], token);
            await call.FinishAsync(GrpcStatus.Ok, null, token);
        }, token);
        await WriteFrameAsync(client, 1, 0x5, 3, Request("/test.Big/Call"), token);

        var received = 0;
        while (received < 65535)
        {
            var frame = await ReadFrameAsync(client, token);
            if (frame.Type == 0)
            {
                Assert.True(frame.Payload.Length <= 16384);
                received += frame.Payload.Length;
            }
        }
        Assert.Equal(65535, received); // the initial window, and not a byte more
        await WriteFrameAsync(client, 6, 0, 0, [1, 2, 3, 4, 5, 6, 7, 8], token);
        var ping = await ReadFrameAsync(client, token);
        Assert.Equal((6, (byte)1), (ping.Type, ping.Flags));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, ping.Payload);

        var more = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(more, 1 << 20);
        await WriteFrameAsync(client, 8, 0, 0, more, token);
        await WriteFrameAsync(client, 8, 0, 3, more, token);
        while (true)
        {
            var frame = await ReadFrameAsync(client, token);
            if (frame.Type == 0) received += frame.Payload.Length;
            if (frame.Type == 1 && (frame.Flags & 1) != 0) break;
        }
        Assert.Equal(100_005, received);

        client.Dispose();
        await serving;
    }
}
