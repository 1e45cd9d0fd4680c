using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Composer.Model.Yaml;

namespace Composer.Model.Tests;

/// <summary>
/// "Nothing silently dropped" (issue #12 item 9): every key of every object of the Compose schema reachable from
/// its root (top level, services and everything under them, network/volume/config/secret/model definitions) is
/// printed by `config`, in YAML and in JSON, by some good corpus case — or it is listed below with the reason it
/// is not (resolved at load into other keys, or refused). The printed keys are collected by loading every good
/// case, parsing its YAML and JSON output back into trees and walking those trees alongside the schema, so a key
/// is counted at its own schema path (build.ulimits apart from ulimits). A key the schema gains, or a list entry
/// that turns wrong (the key is printed now, or left the schema), fails here.
/// </summary>
public sealed class SchemaCoverageTests
{
    /// <summary>
    /// Schema paths (`*` = any name, `[]` = a list item) that `config` never prints, and why; an entry covers the
    /// keys below it too.
    /// </summary>
    private static readonly Dictionary<string, string> ResolvedAtLoad = new(StringComparer.Ordinal)
    {
        ["version"] = "obsolete: warned about and ignored, as docker compose does",
        ["include"] = "the included files are merged into the project",
        ["services.*.extends"] = "merged into the service, as compose-go does",
        ["services.*.label_file"] = "read into labels",
        ["services.*.env_file"] = "read into environment; config names the files only with --no-env-resolution, as docker compose's",
        // env_file entries are read into environment; their long form is printed only by `config --no-env-resolution` (LoadStepsTests, ConfigFlagTests).
        ["services.*.env_file[].path"] = "read into environment",
        ["services.*.env_file[].required"] = "read into environment (a missing optional file is skipped)",
        ["services.*.env_file[].format"] = "read into environment (raw: values as written)",
        ["networks.*.external.name"] = "becomes the network's name, as compose-go does",
        ["volumes.*.external.name"] = "becomes the volume's name, as compose-go does",
        ["configs.*.external.name"] = "becomes the config's name, as compose-go does",
        ["secrets.*.external.name"] = "becomes the secret's name, as compose-go does",
    };

    /// <summary>
    /// Keys composer accepts and then loses: each is a defect to fix (keep, print and honour, or refuse with its
    /// position). Listed so that the walk guards every other key now; an entry fails here once its key is printed.
    /// </summary>
    private static readonly Dictionary<string, string> KnownDropped = new(StringComparer.Ordinal)
    {
    };

    private static bool Covers(Dictionary<string, string> list, string full) =>
        list.Keys.Any(k => full == k || full.StartsWith(k + ".", StringComparison.Ordinal) || full.StartsWith(k + "[]", StringComparison.Ordinal));

    [Fact]
    public void Every_schema_key_is_printed_in_yaml_and_json_or_listed_with_a_reason()
    {
        var schema = SchemaObjects(PrintedTrees(json: false));
        var json = SchemaObjects(PrintedTrees(json: true));
        var problems = new List<string>();
        foreach (var (path, obj) in schema)
            foreach (var key in obj.SchemaKeys.Order(StringComparer.Ordinal))
            {
                var full = path.Length == 0 ? key : path + "." + key;
                var inYaml = obj.PrintedKeys.Contains(key);
                var inJson = json[path].PrintedKeys.Contains(key);
                if (inYaml != inJson) problems.Add($"{full}: printed in {(inYaml ? "YAML" : "JSON")} only");
                else if (!inYaml && !Covers(ResolvedAtLoad, full) && !Covers(KnownDropped, full)) problems.Add($"{full}: neither printed by a good corpus case nor listed with a reason");
                else if (inYaml && (ResolvedAtLoad.ContainsKey(full) || KnownDropped.ContainsKey(full))) problems.Add($"{full}: listed as not printed, but a good case prints it");
            }
        foreach (var full in ResolvedAtLoad.Keys.Concat(KnownDropped.Keys))
        {
            var dot = full.LastIndexOf('.');
            var (path, key) = dot < 0 ? ("", full) : (full[..dot], full[(dot + 1)..]);
            if (!schema.TryGetValue(path, out var obj) || !obj.SchemaKeys.Contains(key)) problems.Add($"{full}: listed, but not a key of the schema");
        }
        Assert.True(problems.Count == 0, "\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_walk_reaches_the_nested_objects()
    {
        var paths = SchemaObjects([]).Keys.ToHashSet();
        string[] expected =
        [
            "", "services.*", "services.*.build", "services.*.build.ulimits.*", "services.*.deploy.resources.limits",
            "services.*.deploy.resources.reservations.devices[]", "services.*.healthcheck", "services.*.develop.watch[]",
            "services.*.networks.*", "services.*.ports[]", "services.*.volumes[]", "services.*.volumes[].bind",
            "networks.*", "networks.*.ipam.config[]", "volumes.*", "configs.*", "secrets.*", "models.*",
        ];
        var missing = expected.Where(p => !paths.Contains(p)).ToList();
        Assert.True(missing.Count == 0, string.Join(", ", missing));
    }

    internal sealed class SchemaObject
    {
        public HashSet<string> SchemaKeys { get; } = new(StringComparer.Ordinal);
        public HashSet<string> PrintedKeys { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Every object with `properties` reachable from the schema's root, by path, with the keys the trees hold there.</summary>
    internal static SortedDictionary<string, SchemaObject> SchemaObjects(List<object?> roots)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Here(), "..", "..", "src", "Model", "Schema", "compose-spec.schema.json")));
        var found = new SortedDictionary<string, SchemaObject>(StringComparer.Ordinal);
        Walk(doc.RootElement, doc.RootElement, "", roots, found, 0);
        return found;
    }

    private static void Walk(JsonElement root, JsonElement node, string path, List<object?> values, SortedDictionary<string, SchemaObject> found, int depth)
    {
        if (depth > 40 || node.ValueKind != JsonValueKind.Object) return;
        if (node.TryGetProperty("$ref", out var r))
        {
            var name = r.GetString()!.Split('/')[^1];
            Walk(root, root.GetProperty("definitions").GetProperty(name), path, values, found, depth + 1);
        }
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            if (node.TryGetProperty(combinator, out var branches))
                foreach (var branch in branches.EnumerateArray()) Walk(root, branch, path, values, found, depth + 1);
        var maps = values.OfType<Dictionary<string, object?>>().ToList();
        var properties = new HashSet<string>(StringComparer.Ordinal);
        if (node.TryGetProperty("properties", out var props))
        {
            if (!found.TryGetValue(path, out var obj)) found[path] = obj = new SchemaObject();
            foreach (var p in props.EnumerateObject())
            {
                properties.Add(p.Name);
                obj.SchemaKeys.Add(p.Name);
                var children = maps.Where(m => m.ContainsKey(p.Name)).Select(m => m[p.Name]).ToList();
                if (children.Count > 0) obj.PrintedKeys.Add(p.Name);
                Walk(root, p.Value, Join(path, p.Name), children, found, depth + 1);
            }
        }
        bool Named(string key) => !properties.Contains(key) && !key.StartsWith("x-", StringComparison.Ordinal);
        if (node.TryGetProperty("patternProperties", out var patterns))
            foreach (var p in patterns.EnumerateObject().Where(p => p.Name != "^x-"))
                Walk(root, p.Value, Join(path, "*"), [.. maps.SelectMany(m => m).Where(e => Named(e.Key) && Regex.IsMatch(e.Key, p.Name)).Select(e => e.Value)], found, depth + 1);
        if (node.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object)
            Walk(root, extra, Join(path, "*"), [.. maps.SelectMany(m => m).Where(e => Named(e.Key)).Select(e => e.Value)], found, depth + 1);
        if (node.TryGetProperty("items", out var items))
            Walk(root, items, path + "[]", [.. values.OfType<List<object?>>().SelectMany(l => l)], found, depth + 1);
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    /// <summary>The `config` output of every good corpus case, read back as plain trees (maps, lists, scalar text).</summary>
    private static List<object?> PrintedTrees(bool json)
    {
        var trees = new List<object?>();
        foreach (var name in GoodCases())
        {
            var project = ProjectLoader.Load(CorpusTests.OptionsFor("good", name));
            trees.Add(json ? FromJson(JsonDocument.Parse(CanonicalJson.Write(project)).RootElement) : FromYaml(CanonicalYaml.Write(project)));
        }
        return trees;
    }

    private static IEnumerable<string> GoodCases() =>
        Directory.EnumerateFileSystemEntries(Path.Combine(CorpusTests.CorpusRoot, "good"))
            .Where(e => Directory.Exists(e) || e.EndsWith(".yaml", StringComparison.Ordinal) || e.EndsWith(".yml", StringComparison.Ordinal))
            .Select(Path.GetFileName).OfType<string>();

    private static object? FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select(FromJson).ToList(),
        _ => e.ToString(),
    };

    private static object? FromYaml(string text)
    {
        var diags = new List<Diagnostic>();
        var docs = YamlReader.Read("config.yaml", text, diags);
        Assert.True(docs is { Length: 1 }, string.Join("\n", diags));
        return FromNode(docs.Value[0]);
    }

    private static object? FromNode(Node n) => n switch
    {
        MappingNode m => m.Entries.ToDictionary(e => e.Name, e => FromNode(e.Value), StringComparer.Ordinal),
        SequenceNode s => s.Items.Select<Node, object?>(FromNode).ToList(),
        ScalarNode s => s.Value,
        _ => null,
    };

    private static string Here([CallerFilePath] string f = "") => Path.GetDirectoryName(f)!;
}
