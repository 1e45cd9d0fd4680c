using System.Globalization;
using System.Text.Json;

namespace Composer.Orchestrator.Output.Templates;

/// <summary>
/// What a `--format` template field yields: text, a number, a list or a record. Typed rather than
/// all text so that `{{json .}}` writes `"ExitCode":0` and `"Publishers":[...]` as docker does.
/// </summary>
internal abstract record TemplateValue
{
    public static TemplateValue Of(string text) => new Text(text);
    public static TemplateValue Of(long number) => new Number(number);

    /// <summary>The value as `{{.Field}}` prints it (Go's fmt rules for the shapes we have).</summary>
    public abstract string Print();

    public abstract void WriteJson(Utf8JsonWriter writer);

    public sealed record Text(string Value) : TemplateValue
    {
        public override string Print() => Value;
        public override void WriteJson(Utf8JsonWriter writer) => writer.WriteStringValue(Value);
    }

    public sealed record Number(long Value) : TemplateValue
    {
        public override string Print() => Value.ToString(CultureInfo.InvariantCulture);
        public override void WriteJson(Utf8JsonWriter writer) => writer.WriteNumberValue(Value);
    }

    public sealed record List(IReadOnlyList<TemplateValue> Items) : TemplateValue
    {
        public override string Print() => "[" + string.Join(' ', Items.Select(i => i.Print())) + "]";

        public override void WriteJson(Utf8JsonWriter writer)
        {
            writer.WriteStartArray();
            foreach (var item in Items) item.WriteJson(writer);
            writer.WriteEndArray();
        }
    }

    /// <summary>Named fields in the order JSON shows them.</summary>
    public sealed record Record(IReadOnlyList<(string Name, TemplateValue Value)> Fields) : TemplateValue
    {
        public override string Print() => "{" + string.Join(' ', Fields.Select(f => f.Value.Print())) + "}";

        public override void WriteJson(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            foreach (var (name, value) in Fields)
            {
                writer.WritePropertyName(name);
                value.WriteJson(writer);
            }
            writer.WriteEndObject();
        }
    }
}
