using System.Text;
using Composer.Engine;

namespace Composer.Orchestrator.Output;

/// <summary>
/// Prints containers' output the way compose does: each line prefixed by its container
/// ("web-1  | ...") and, on a terminal, coloured per container. Frames may split lines, so each
/// container keeps its unfinished line until the rest arrives.
/// </summary>
/// <param name="colour">False for --no-color: prefixes stay plain even on a terminal.</param>
public sealed class LogPrinter(Terminal terminal, int prefixWidth, bool colour = true)
{
    private static readonly string[] Colours = ["36", "33", "32", "35", "34", "96", "93", "92", "95", "94"];
    private int _nextColour;

    public async Task FollowAsync(IEngineClient engine, string containerId, string label, LogRequest request, bool prefix, CancellationToken cancellationToken)
    {
        var shade = Colours[Interlocked.Increment(ref _nextColour) % Colours.Length];
        var head = !prefix ? "" : terminal.Decorated && colour ? $"\u001b[{shade}m{label.PadRight(prefixWidth)}  |\u001b[0m " : $"{label.PadRight(prefixWidth)}  | ";
        var pending = new StringBuilder();
        await foreach (var frame in engine.ContainerLogsAsync(containerId, request, cancellationToken).ConfigureAwait(false))
        {
            pending.Append(Encoding.UTF8.GetString(frame.Payload.Span));
            EmitCompleteLines(pending, head);
        }
        if (pending.Length > 0) terminal.Line(head + pending);
    }

    private void EmitCompleteLines(StringBuilder pending, string head)
    {
        var text = pending.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0) return;
        foreach (var line in text[..end].Split('\n')) terminal.Line(head + line.TrimEnd('\r'));
        pending.Clear().Append(text[(end + 1)..]);
    }
}
