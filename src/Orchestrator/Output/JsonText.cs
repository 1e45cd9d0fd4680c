using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Composer.Orchestrator.Output;

/// <summary>
/// The `--format json` of the listing verbs: flat objects of strings, written with Utf8JsonWriter
/// (no reflection, so the native build needs no serializer metadata).
/// </summary>
internal static class JsonText
{
    public static string Object(params (string Key, string Value)[] fields) => Write(writer => WriteObject(writer, fields));

    public static string Array(IEnumerable<(string Key, string Value)[]> rows) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var fields in rows) WriteObject(writer, fields);
        writer.WriteEndArray();
    });

    private static void WriteObject(Utf8JsonWriter writer, (string Key, string Value)[] fields)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in fields) writer.WriteString(key, value);
        writer.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            body(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
