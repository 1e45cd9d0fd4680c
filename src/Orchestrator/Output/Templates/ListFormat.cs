using System.Text;

namespace Composer.Orchestrator.Output.Templates;

/// <summary>
/// A listing's `--format` value as docker reads it: `table` (the verb's default columns),
/// `table TEMPLATE` (aligned columns under headers), `json` (one JSON object per line) or any other
/// text as a Go template printed once per row. `\t` and `\n` typed in the value mean tab and newline.
/// </summary>
internal static class ListFormat
{
    public const string Table = "table";
    public const string Json = "json";

    /// <summary>The rows rendered; a bad template throws <see cref="TemplateException"/> before any row is.</summary>
    public static string Render<TRow>(string? format, string defaultTable, TemplateSchema<TRow> schema, IEnumerable<TRow> rows)
    {
        format = format is null or "" or Table ? defaultTable : format;
        var isTable = format.StartsWith(Table, StringComparison.Ordinal);
        var body = format == Json ? "{{json .}}" : isTable ? format[Table.Length..] : format;
        body = body.Trim(' ').Replace("\\t", "\t", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
        var template = GoTemplate<TRow>.Parse(body, schema);

        var output = new StringBuilder();
        if (isTable) output.Append(template.RenderHeader()).Append('\n');
        foreach (var row in rows) output.Append(template.Render(row)).Append('\n');
        return isTable ? TabAligner.Align(output.ToString()) : output.ToString();
    }
}
