using Composer.Engine.BuildKit;

namespace Composer.Engine.Tests.Unit.BuildKit;

/// <summary>BuildKit's StatusResponse (as the engine forwards it in `moby.buildkit.trace`) decoded into step events.</summary>
public sealed class StatusTraceTests
{
    private static ProtoWriter Time(long seconds, int nanos = 0) => new ProtoWriter().Varint(1, (ulong)seconds).Varint(2, (ulong)nanos);

    private static byte[] Status(params (int Field, ProtoWriter Message)[] parts)
    {
        var response = new ProtoWriter();
        foreach (var (field, message) in parts) response.Message(field, message);
        return response.ToArray();
    }

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void A_step_that_starts_logs_and_fails_in_one_response_is_told_started_then_its_output_then_its_end()
    {
        var events = new List<BuildStepEvent>();
        var trace = new StatusTrace(events.Add);
        // The engine batches: the vertex with its end comes before the output lines in the same response.
        trace.Add(Status(
            (1, new ProtoWriter().String(1, "sha256:c").String(3, "[2/2] RUN false").Message(5, Time(1_700_000_001))
                .Message(6, Time(1_700_000_002)).String(7, "exit code: 3")),
            (3, new ProtoWriter().String(1, "sha256:c").Message(2, Time(1_700_000_001)).Varint(3, 1).Bytes(4, "out\n"u8))));

        Assert.Equal<BuildStepEvent>(
        [
            new BuildStepChanged("sha256:c", "[2/2] RUN false", T0.AddSeconds(1), null, false, null),
            new BuildStepLog("sha256:c", T0.AddSeconds(1), 1, "out"),
            new BuildStepChanged("sha256:c", "[2/2] RUN false", T0.AddSeconds(1), T0.AddSeconds(2), false, "exit code: 3"),
        ], events);
    }

    [Fact]
    public void Vertexes_logs_and_statuses_become_events_with_their_times_and_output_by_whole_lines()
    {
        var events = new List<BuildStepEvent>();
        var trace = new StatusTrace(events.Add);
        trace.Add(Status((1, new ProtoWriter().String(1, "sha256:a").String(3, "[1/2] FROM busybox").Varint(4, 1)
            .Message(5, Time(1_700_000_000)).Message(6, Time(1_700_000_000, 500_000_000)))));
        trace.Add(Status((1, new ProtoWriter().String(1, "sha256:b").String(3, "[2/2] RUN make").Message(5, Time(1_700_000_001)))));
        trace.Add(Status((3, new ProtoWriter().String(1, "sha256:b").Message(2, Time(1_700_000_002)).Varint(3, 2).Bytes(4, "one\ntw"u8))));
        trace.Add(Status((3, new ProtoWriter().String(1, "sha256:b").Message(2, Time(1_700_000_003)).Varint(3, 2).Bytes(4, "o\nthr"u8))));
        trace.Add(Status((2, new ProtoWriter().String(1, "transferring context:").String(2, "sha256:b").Varint(4, 29).Varint(5, 100)
            .Message(6, Time(1_700_000_003)))));
        trace.Add(Status((1, new ProtoWriter().String(1, "sha256:b").String(3, "[2/2] RUN make").Message(5, Time(1_700_000_001))
            .Message(6, Time(1_700_000_004)).String(7, "exit code: 2"))));

        Assert.Equal<BuildStepEvent>(
        [
            new BuildStepChanged("sha256:a", "[1/2] FROM busybox", T0, T0.AddSeconds(0.5), Cached: true, null),
            new BuildStepChanged("sha256:b", "[2/2] RUN make", T0.AddSeconds(1), null, false, null),
            new BuildStepLog("sha256:b", T0.AddSeconds(2), 2, "one"),
            // A line keeps the time its first piece arrived.
            new BuildStepLog("sha256:b", T0.AddSeconds(2), 2, "two"),
            new BuildStepStatus("sha256:b", "transferring context:", 29, 100, T0.AddSeconds(3), null, null),
            // The unfinished last line comes before the step's end.
            new BuildStepLog("sha256:b", T0.AddSeconds(3), 2, "thr"),
            new BuildStepChanged("sha256:b", "[2/2] RUN make", T0.AddSeconds(1), T0.AddSeconds(4), false, "exit code: 2"),
        ], events);
    }

    [Fact]
    public void Plain_lines_without_a_step_sink_number_the_steps_and_end_a_step_done_then_cached_as_cached()
    {
        var lines = new List<string>();
        var plain = new StatusLines(lines.Add);
        plain.Add(new BuildStepChanged("a", "[1/2] FROM busybox", null, null, false, null));
        plain.Add(new BuildStepChanged("b", "[2/2] RUN make", T0, null, false, null));
        plain.Add(new BuildStepChanged("a", "[1/2] FROM busybox", T0, T0, false, null));
        plain.Add(new BuildStepChanged("a", "[1/2] FROM busybox", T0, T0, true, null));
        plain.Add(new BuildStepLog("b", T0, 1, "making"));
        plain.Add(new BuildStepChanged("b", "[2/2] RUN make", T0, T0, false, "exit code: 2"));
        Assert.Equal(["#1 [2/2] RUN make", "#2 [1/2] FROM busybox", "#2 DONE", "#2 CACHED", "#1 making", "#1 ERROR: exit code: 2"], lines);
    }
}
