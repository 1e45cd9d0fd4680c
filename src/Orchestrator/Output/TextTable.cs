namespace Composer.Orchestrator.Output;

/// <summary>The plain, column-aligned tables of `ps`, `agent status`, `jobs` (as docker prints them: three spaces apart).</summary>
public static class TextTable
{
    public static void Write(Terminal terminal, string[] header, IEnumerable<string[]> body) => Write(terminal.Line, header, body);

    public static void Write(TextWriter output, string[] header, IEnumerable<string[]> body) => Write(output.WriteLine, header, body);

    private static void Write(Action<string> line, string[] header, IEnumerable<string[]> body)
    {
        var rows = body.ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
            line(string.Join("   ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }
}
