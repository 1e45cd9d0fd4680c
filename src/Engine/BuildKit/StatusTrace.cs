using System.Text;

namespace Composer.Engine.BuildKit;

/// <summary>
/// BuildKit's progress as the engine forwards it: `moby.buildkit.trace` messages whose aux is a
/// base64 protobuf StatusResponse (vertexes = 1, statuses = 2, logs = 3), decoded into
/// <see cref="BuildStepEvent"/>s. Output arrives in arbitrary chunks: it is handed on by whole lines.
/// </summary>
internal sealed class StatusTrace(Action<BuildStepEvent> emit)
{
    private readonly Dictionary<string, (DateTimeOffset Timestamp, int Stream, string Text)> _partialLines = new(StringComparer.Ordinal);

    private readonly HashSet<string> _toldStarted = new(StringComparer.Ordinal);

    /// <summary>
    /// One status response may carry a step's start, its output and its end together. The end is told last, after the
    /// output (a failed step's report is printed when it ends, and must hold its last lines), and a step that starts and
    /// ends in the same response is told started first (unless cached: it has no output), so its output has a step to belong to.
    /// </summary>
    public void Add(byte[] statusResponse)
    {
        var ends = new List<BuildStepChanged>();
        foreach (var field in ProtoReader.Fields(statusResponse))
        {
            if (field.Number == 1)
            {
                var vertex = Vertex(field.Bytes);
                if (vertex.Completed is null) Tell(vertex);
                else
                {
                    if (vertex is { Started: not null, Cached: false } && !_toldStarted.Contains(vertex.Digest)) Tell(vertex with { Completed = null, Cached = false, Error = null });
                    ends.Add(vertex);
                }
            }
            else if (field.Number == 2) Status(field.Bytes);
            else if (field.Number == 3) Log(field.Bytes);
        }
        foreach (var end in ends)
        {
            // The output's last line has no newline when the step ends on one; it belongs before the step's end.
            FlushLine(end.Digest);
            Tell(end);
        }
    }

    private void Tell(BuildStepChanged vertex)
    {
        if (vertex.Started is not null) _toldStarted.Add(vertex.Digest);
        emit(vertex);
    }

    private static BuildStepChanged Vertex(ReadOnlyMemory<byte> message)
    {
        string digest = "", name = "", error = "";
        bool cached = false;
        DateTimeOffset? started = null, completed = null;
        foreach (var field in ProtoReader.Fields(message))
        {
            switch (field.Number)
            {
                case 1: digest = field.Text; break;
                case 3: name = field.Text; break;
                case 4: cached = field.Varint != 0; break;
                case 5: started = Timestamp(field.Bytes); break;
                case 6: completed = Timestamp(field.Bytes); break;
                case 7: error = field.Text; break;
            }
        }
        return new BuildStepChanged(digest, name, started, completed, cached, error.Length > 0 ? error : null);
    }

    private void Status(ReadOnlyMemory<byte> message)
    {
        string id = "", vertex = "";
        long current = 0, total = 0;
        DateTimeOffset timestamp = default;
        DateTimeOffset? started = null, completed = null;
        foreach (var field in ProtoReader.Fields(message))
        {
            switch (field.Number)
            {
                case 1: id = field.Text; break;
                case 2: vertex = field.Text; break;
                case 4: current = (long)field.Varint; break;
                case 5: total = (long)field.Varint; break;
                case 6: timestamp = Timestamp(field.Bytes); break;
                case 7: started = Timestamp(field.Bytes); break;
                case 8: completed = Timestamp(field.Bytes); break;
            }
        }
        emit(new BuildStepStatus(vertex, id, current, total, timestamp, started, completed));
    }

    private void Log(ReadOnlyMemory<byte> message)
    {
        string vertex = "", text = "";
        DateTimeOffset timestamp = default;
        var stream = 1;
        foreach (var field in ProtoReader.Fields(message))
        {
            switch (field.Number)
            {
                case 1: vertex = field.Text; break;
                case 2: timestamp = Timestamp(field.Bytes); break;
                case 3: stream = (int)field.Varint; break;
                case 4: text = Encoding.UTF8.GetString(field.Bytes.Span); break;
            }
        }
        // A line keeps the time its first chunk arrived, as BuildKit's own printer stamps it.
        var (start, pending) = _partialLines.Remove(vertex, out var partial) ? (partial.Timestamp, partial.Text + text) : (timestamp, text);
        var lines = pending.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++)
        {
            emit(new BuildStepLog(vertex, start, stream, lines[i].TrimEnd('\r')));
            start = timestamp;
        }
        if (lines[^1].Length > 0) _partialLines[vertex] = (start, stream, lines[^1]);
    }

    private void FlushLine(string vertex)
    {
        if (_partialLines.Remove(vertex, out var rest)) emit(new BuildStepLog(vertex, rest.Timestamp, rest.Stream, rest.Text));
    }

    /// <summary>google.protobuf.Timestamp: seconds = 1, nanos = 2.</summary>
    private static DateTimeOffset Timestamp(ReadOnlyMemory<byte> message)
    {
        long seconds = 0, nanos = 0;
        foreach (var field in ProtoReader.Fields(message))
        {
            if (field.Number == 1) seconds = (long)field.Varint;
            else if (field.Number == 2) nanos = (long)field.Varint;
        }
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
    }
}

/// <summary>
/// The steps as plain lines for a caller that wants only text (no step sink on the request):
/// `#N name`, `#N output`, `#N CACHED|DONE|ERROR: ...`. The CLI draws steps itself; this is the fallback.
/// </summary>
internal sealed class StatusLines(Action<string> progress)
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ends = new(StringComparer.Ordinal);

    public void Add(BuildStepEvent stepEvent)
    {
        switch (stepEvent)
        {
            case BuildStepChanged { Started: not null } step:
                if (!_numbers.TryGetValue(step.Digest, out var number))
                {
                    _numbers[step.Digest] = number = _numbers.Count + 1;
                    progress($"#{number} {step.Name}");
                }
                if (step.Completed is null) break;
                var end = step.Error is { } error ? $"ERROR: {error}" : step.Cached ? "CACHED" : "DONE";
                // Printed again only when it changes (a step reported done, then cached).
                if (_ends.GetValueOrDefault(step.Digest) != end) progress($"#{number} {_ends[step.Digest] = end}");
                break;
            case BuildStepLog log when _numbers.TryGetValue(log.Digest, out var logged):
                progress($"#{logged} {log.Line}");
                break;
        }
    }
}
