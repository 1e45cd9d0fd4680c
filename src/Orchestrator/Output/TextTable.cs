namespace Composer.Orchestrator.Output;

/// <summary>The plain, column-aligned tables of `ps`, `agent status`, `jobs` (as docker prints them: three spaces apart).</summary>
public static class TextTable
{
    public static void Write(Terminal terminal, string[] header, IEnumerable<string[]> body)
    {
        var rows = body.ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
            terminal.Line(string.Join("   ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }
}
