using System.Globalization;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Composer.Model.Tests;

/// <summary>`config --format json` says exactly what `config` says, for every project in the corpus.</summary>
public class CanonicalJsonTests
{
    [Theory]
    [MemberData(nameof(CorpusTests.Good), MemberType = typeof(CorpusTests))]
    public void Json_and_yaml_carry_the_same_values_and_types(string name)
    {
        var project = ProjectLoader.Load(CorpusTests.OptionsFor("good", name));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(CanonicalYaml.Write(project)));
        using var json = JsonDocument.Parse(CanonicalJson.Write(project));

        var fromYaml = new List<string>();
        Flatten(yaml.Documents[0].RootNode, "", fromYaml);
        var fromJson = new List<string>();
        Flatten(json.RootElement, "", fromJson);
        Assert.Equal(fromYaml, fromJson);
        Assert.Contains(fromJson, line => line.StartsWith("/name = string:", StringComparison.Ordinal));
    }

    /// <summary>One "path = type:value" line per leaf, in document order.</summary>
    private static void Flatten(YamlNode node, string path, List<string> into)
    {
        switch (node)
        {
            case YamlMappingNode map:
                if (map.Children.Count == 0) into.Add($"{path} = {{}}");
                foreach (var (key, value) in map.Children) Flatten(value, $"{path}/{((YamlScalarNode)key).Value}", into);
                break;
            case YamlSequenceNode list:
                if (list.Children.Count == 0) into.Add($"{path} = []");
                for (var i = 0; i < list.Children.Count; i++) Flatten(list.Children[i], $"{path}/{i}", into);
                break;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                var plain = scalar.Style == YamlDotNet.Core.ScalarStyle.Plain;
                into.Add(plain && text is "true" or "false" ? $"{path} = bool:{text}"
                    : plain && text is "null" or "~" ? $"{path} = null"
                    // A YAML number, not any text .NET parses as one ("infinity" is a string in YAML).
                    : plain && text.Length > 0 && (char.IsAsciiDigit(text[^1]) || text[^1] == '.') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? $"{path} = number:{number.ToString("R", CultureInfo.InvariantCulture)}"
                    : $"{path} = string:{text}");
                break;
        }
    }

    private static void Flatten(JsonElement element, string path, List<string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (!element.EnumerateObject().Any()) into.Add($"{path} = {{}}");
                foreach (var property in element.EnumerateObject()) Flatten(property.Value, $"{path}/{property.Name}", into);
                break;
            case JsonValueKind.Array:
                if (element.GetArrayLength() == 0) into.Add($"{path} = []");
                var index = 0;
                foreach (var item in element.EnumerateArray()) Flatten(item, $"{path}/{index++}", into);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                into.Add($"{path} = bool:{(element.GetBoolean() ? "true" : "false")}");
                break;
            case JsonValueKind.Null:
                into.Add($"{path} = null");
                break;
            case JsonValueKind.Number:
                into.Add($"{path} = number:{element.GetDouble().ToString("R", CultureInfo.InvariantCulture)}");
                break;
            default:
                into.Add($"{path} = string:{element.GetString()}");
                break;
        }
    }
}
