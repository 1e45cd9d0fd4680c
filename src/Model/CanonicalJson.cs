using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Composer.Model;

/// <summary>
/// `composer config --format json`: the canonical project (<see cref="CanonicalYaml"/>'s tree) as
/// JSON, for scripts that would rather not parse YAML. Same keys, same order, same omissions.
/// </summary>
public static class CanonicalJson
{
    public static string Write(Project project)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteValue(writer, CanonicalYaml.Tree(project));
        return CanonicalYaml.EscapeDollars(project, Encoding.UTF8.GetString(buffer.ToArray())) + "\n";
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case SortedDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    if (item is null) continue;
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }
                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case CanonicalYaml.Plain plain:
                writer.WriteRawValue(plain.Text);
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
