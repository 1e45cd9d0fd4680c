using System.Text;

namespace Composer.Orchestrator.Output.Templates;

/// <summary>
/// Aligns tab-separated text into columns the way docker's table output does (Go's tabwriter with
/// a minimum cell width of 10 and 3 spaces of padding): a cell is text ended by a tab, the text
/// after a line's last tab is not aligned, and a column's width is set per run of consecutive
/// lines that have that column.
/// </summary>
internal static class TabAligner
{
    private const int MinimumWidth = 10;
    private const int Padding = 3;

    public static string Align(string text)
    {
        var lines = text.Split('\n');
        var endsWithNewline = lines.Length > 1 && lines[^1].Length == 0;
        if (endsWithNewline) lines = lines[..^1];
        var cells = lines.Select(line => line.Split('\t')).ToArray();
        var widths = cells.Select(row => new int[Math.Max(0, row.Length - 1)]).ToArray();
        var columns = cells.Select(row => row.Length - 1).DefaultIfEmpty(0).Max();
        for (var column = 0; column < columns; column++)
        {
            var line = 0;
            while (line < cells.Length)
            {
                if (cells[line].Length - 1 <= column) { line++; continue; }
                var blockStart = line;
                var width = MinimumWidth;
                for (; line < cells.Length && cells[line].Length - 1 > column; line++)
                    width = Math.Max(width, Width(cells[line][column]) + Padding);
                for (var member = blockStart; member < line; member++) widths[member][column] = width;
            }
        }

        var output = new StringBuilder();
        for (var line = 0; line < cells.Length; line++)
        {
            var row = cells[line];
            for (var column = 0; column < row.Length - 1; column++)
                output.Append(row[column]).Append(' ', widths[line][column] - Width(row[column]));
            output.Append(row[^1]);
            if (line < cells.Length - 1 || endsWithNewline) output.Append('\n');
        }
        return output.ToString();
    }

    /// <summary>Characters as the terminal counts them (code points, as Go's tabwriter counts runes).</summary>
    private static int Width(string cell) => cell.EnumerateRunes().Count();
}
