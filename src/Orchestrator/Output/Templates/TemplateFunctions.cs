using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Composer.Orchestrator.Output.Templates;

/// <summary>
/// The functions docker's templates offer (docker/cli `templates`), over <see cref="TemplateValue"/>.
/// A table's header runs the same template with <c>header: true</c>: then, as in docker, every
/// function but `pad` hands its first argument back unchanged, so a column keeps its header's name.
/// </summary>
internal static class TemplateFunctions
{
    public static readonly IReadOnlySet<string> Names = new SortedSet<string>(StringComparer.Ordinal)
        { "json", "join", "lower", "pad", "split", "title", "truncate", "upper" };

    public static TemplateValue Call(string name, IReadOnlyList<TemplateValue> arguments, bool header)
    {
        if (header && name != "pad") return Arguments(name, arguments, 1, 2)[0];
        return name switch
        {
            "json" => TemplateValue.Of(Json(Arguments(name, arguments, 1)[0])),
            "lower" => TemplateValue.Of(Text(name, Arguments(name, arguments, 1)[0]).ToLowerInvariant()),
            "upper" => TemplateValue.Of(Text(name, Arguments(name, arguments, 1)[0]).ToUpperInvariant()),
            "title" => TemplateValue.Of(Title(Text(name, Arguments(name, arguments, 1)[0]))),
            "pad" => Pad(Arguments(name, arguments, 3)),
            "truncate" => Truncate(Arguments(name, arguments, 2)),
            "split" => Split(Arguments(name, arguments, 2)),
            "join" => Join(Arguments(name, arguments, 2)),
            _ => throw new TemplateException($"function \"{name}\" not defined"),
        };
    }

    /// <summary>The value as JSON, as docker's `json` writes it (no HTML escaping, no trailing newline).</summary>
    public static string Json(TemplateValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            value.WriteJson(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static IReadOnlyList<TemplateValue> Arguments(string name, IReadOnlyList<TemplateValue> arguments, int count, int? orCount = null) =>
        arguments.Count == count || arguments.Count == orCount ? arguments
            : throw new TemplateException($"wrong number of args for {name}: want {count} got {arguments.Count}");

    private static string Text(string function, TemplateValue value) => value is TemplateValue.Text text ? text.Value
        : throw new TemplateException($"wrong type for value in {function}: expected text, got {Describe(value)}");

    private static long Integer(string function, TemplateValue value) => value is TemplateValue.Number number ? number.Value
        : throw new TemplateException($"wrong type for value in {function}: expected a number, got {Describe(value)}");

    private static string Describe(TemplateValue value) => value switch
    {
        TemplateValue.Text => "text", TemplateValue.Number => "a number", TemplateValue.List => "a list", _ => "a record",
    };

    private static string Title(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
            result.Append(i == 0 || !char.IsLetter(text[i - 1]) ? char.ToUpperInvariant(text[i]) : text[i]);
        return result.ToString();
    }

    /// <summary>`pad TEXT BEFORE AFTER`: spaces around text that is not empty (empty stays empty, as in docker).</summary>
    private static TemplateValue Pad(IReadOnlyList<TemplateValue> arguments)
    {
        var text = Text("pad", arguments[0]);
        return TemplateValue.Of(text.Length == 0 ? text
            : new string(' ', (int)Integer("pad", arguments[1])) + text + new string(' ', (int)Integer("pad", arguments[2])));
    }

    private static TemplateValue Truncate(IReadOnlyList<TemplateValue> arguments)
    {
        var text = Text("truncate", arguments[0]);
        var length = Integer("truncate", arguments[1]);
        return TemplateValue.Of(text.Length < length ? text : text[..(int)Math.Max(0, length)]);
    }

    private static TemplateValue Split(IReadOnlyList<TemplateValue> arguments) =>
        new TemplateValue.List([.. Text("split", arguments[0]).Split(Text("split", arguments[1])).Select(TemplateValue.Of)]);

    private static TemplateValue Join(IReadOnlyList<TemplateValue> arguments)
    {
        var separator = Text("join", arguments[1]);
        return arguments[0] switch
        {
            TemplateValue.List list => TemplateValue.Of(string.Join(separator, list.Items.Select(i => i.Print()))),
            var other => throw new TemplateException($"wrong type for value in join: expected a list, got {Describe(other)}"),
        };
    }
}
