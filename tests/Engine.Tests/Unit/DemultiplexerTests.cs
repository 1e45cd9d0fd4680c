using System.Text;

namespace Composer.Engine.Tests.Unit;

public sealed class DemultiplexerTests
{
    private static byte[] Frame(LogStream stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var header = new byte[] { (byte)stream, 0, 0, 0, 0, 0, (byte)(payload.Length >> 8), (byte)payload.Length };
        return [.. header, .. payload];
    }

    /// <summary>Hands out at most a few bytes per read, so frames arrive split at every possible place.</summary>
    private sealed class TricklingStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Separates_stdout_and_stderr_whatever_the_read_sizes(int chunk)
    {
        byte[] data = [.. Frame(LogStream.StdOut, "out one\n"), .. Frame(LogStream.StdErr, "err\n"), .. Frame(LogStream.StdOut, new string('x', 300))];
        var frames = new List<LogFrame>();
        await foreach (var frame in StreamDemultiplexer.ReadAsync(new TricklingStream(data, chunk), tty: false, CancellationToken.None))
            frames.Add(frame);

        Assert.Equal([LogStream.StdOut, LogStream.StdErr, LogStream.StdOut], frames.Select(f => f.Stream));
        Assert.Equal("err\n", Encoding.UTF8.GetString(frames[1].Payload.Span));
        Assert.Equal(300, frames[2].Payload.Length);
    }

    [Fact]
    public async Task A_stream_cut_inside_a_frame_is_an_error()
    {
        var data = Frame(LogStream.StdOut, "truncated")[..10];
        await Assert.ThrowsAsync<EndOfStreamException>(async () =>
        {
            await foreach (var _ in StreamDemultiplexer.ReadAsync(new MemoryStream(data), tty: false, CancellationToken.None)) { }
        });
    }

    [Fact]
    public async Task Tty_output_is_passed_through_raw()
    {
        var frames = new List<LogFrame>();
        await foreach (var frame in StreamDemultiplexer.ReadAsync(new MemoryStream("raw\r\nbytes"u8.ToArray()), tty: true, CancellationToken.None))
            frames.Add(frame);
        Assert.Equal("raw\r\nbytes", string.Concat(frames.Select(f => Encoding.UTF8.GetString(f.Payload.Span))));
    }
}
