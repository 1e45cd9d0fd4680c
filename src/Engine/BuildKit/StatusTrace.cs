using System.Text;

namespace Composer.Engine.BuildKit;

/// <summary>
/// BuildKit's progress as the engine forwards it: `moby.buildkit.trace` messages whose aux is a
/// base64 protobuf StatusResponse (vertexes, statuses, logs). Turned into plain lines in the
/// manner of `--progress plain`: `#N name`, `#N CACHED`, `#N DONE`, `#N ERROR: ...`, and the
/// steps' output as `#N line`.
/// </summary>
internal sealed class StatusTrace(Action<string> progress)
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _partialLines = new(StringComparer.Ordinal);

    /// <summary>The error of the step that failed, when one did.</summary>
    public string? FailedStep { get; private set; }

    public void Add(byte[] statusResponse)
    {
        foreach (var field in ProtoReader.Fields(statusResponse))
        {
            if (field.Number == 1) Vertex(field.Bytes);
            else if (field.Number == 3) Log(field.Bytes);
        }
    }

    private void Vertex(ReadOnlyMemory<byte> message)
    {
        string digest = "", name = "", error = "";
        bool cached = false, started = false, completed = false;
        foreach (var field in ProtoReader.Fields(message))
        {
            switch (field.Number)
            {
                case 1: digest = field.Text; break;
                case 3: name = field.Text; break;
                case 4: cached = field.Varint != 0; break;
                case 5: started = true; break;
                case 6: completed = true; break;
                case 7: error = field.Text; break;
            }
        }
        var number = Number(digest);
        if ((started || cached || completed) && _started.Add(digest)) progress($"#{number} {name}");
        if (!completed || !_finished.Add(digest)) return;
        FlushLine(digest, number);
        if (error.Length > 0)
        {
            progress($"#{number} ERROR: {error}");
            FailedStep ??= $"{name}: {error}";
        }
        else progress(cached ? $"#{number} CACHED" : $"#{number} DONE");
    }

    private void Log(ReadOnlyMemory<byte> message)
    {
        string vertex = "";
        var text = "";
        foreach (var field in ProtoReader.Fields(message))
        {
            if (field.Number == 1) vertex = field.Text;
            else if (field.Number == 4) text = Encoding.UTF8.GetString(field.Bytes.Span);
        }
        var number = Number(vertex);
        // Output arrives in arbitrary chunks: whole lines are printed, the rest waits for its end.
        var pending = _partialLines.GetValueOrDefault(vertex, "") + text;
        var lines = pending.Split('\n');
        for (var i = 0; i < lines.Length - 1; i++) progress($"#{number} {lines[i].TrimEnd('\r')}");
        _partialLines[vertex] = lines[^1];
    }

    private void FlushLine(string vertex, int number)
    {
        if (_partialLines.Remove(vertex, out var rest) && rest.Length > 0) progress($"#{number} {rest}");
    }

    private int Number(string digest)
    {
        if (!_numbers.TryGetValue(digest, out var number)) _numbers[digest] = number = _numbers.Count + 1;
        return number;
    }
}
