namespace Composer.Orchestrator.Output.Templates;

/// <summary>One field a template may name (`{{.Name}}`), with its table header when docker gives it one.</summary>
internal sealed record TemplateField<TRow>(string Name, string? Header, Func<TRow, TemplateValue> Value);

/// <summary>
/// The fields of one kind of row, spelled out by hand: templates are evaluated without reflection,
/// so the native build needs no metadata and an unknown field is known before any row is printed.
/// </summary>
internal sealed class TemplateSchema<TRow>
{
    private readonly Dictionary<string, TemplateField<TRow>> _fields;

    /// <param name="label">What `{{.Label "key"}}` yields for a row; null when the rows have no labels.</param>
    public TemplateSchema(IEnumerable<TemplateField<TRow>> fields, Func<TRow, string, string>? label = null)
    {
        _fields = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        Label = label;
    }

    public Func<TRow, string, string>? Label { get; }

    public IEnumerable<string> FieldNames => _fields.Keys.Order(StringComparer.Ordinal);

    public TemplateField<TRow>? Find(string name) => _fields.GetValueOrDefault(name);

    /// <summary>The whole row, as `{{json .}}` writes it: every field, keys sorted as Go's encoder sorts a map.</summary>
    public TemplateValue Whole(TRow row) =>
        new TemplateValue.Record([.. FieldNames.Select(name => (name, _fields[name].Value(row)))]);
}
