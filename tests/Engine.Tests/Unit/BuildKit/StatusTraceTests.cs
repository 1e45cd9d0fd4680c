using Composer.Engine.BuildKit;

namespace Composer.Engine.Tests.Unit.BuildKit;

/// <summary>BuildKit's StatusResponse (as the engine forwards it in `moby.buildkit.trace`) printed as plain lines.</summary>
public sealed class StatusTraceTests
{
    private static readonly ProtoWriter Timestamp = new ProtoWriter().Varint(1, 1_700_000_000);

    private static byte[] Status(params (int Field, ProtoWriter Message)[] parts)
    {
        var response = new ProtoWriter();
        foreach (var (field, message) in parts) response.Message(field, message);
        return response.ToArray();
    }

    [Fact]
    public void Steps_are_numbered_and_their_output_printed_by_lines()
    {
        var lines = new List<string>();
        var trace = new StatusTrace(lines.Add);
        trace.Add(Status((1, new ProtoWriter().String(1, "sha256:a").String(3, "[1/2] FROM busybox").Varint(4, 1).Message(5, Timestamp).Message(6, Timestamp))));
        trace.Add(Status((1, new ProtoWriter().String(1, "sha256:b").String(3, "[2/2] RUN make").Message(5, Timestamp))));
        trace.Add(Status((3, new ProtoWriter().String(1, "sha256:b").Varint(3, 1).Bytes(4, "one\ntw"u8))));
        trace.Add(Status((3, new ProtoWriter().String(1, "sha256:b").Varint(3, 1).Bytes(4, "o\n"u8))));
        trace.Add(Status((1, new ProtoWriter().String(1, "sha256:b").String(3, "[2/2] RUN make").Message(5, Timestamp).Message(6, Timestamp)
            .String(7, "exit code: 2"))));
        Assert.Equal(["#1 [1/2] FROM busybox", "#1 CACHED", "#2 [2/2] RUN make", "#2 one", "#2 two", "#2 ERROR: exit code: 2"], lines);
        Assert.Equal("[2/2] RUN make: exit code: 2", trace.FailedStep);
    }
}
