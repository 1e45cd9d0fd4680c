using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Composer.Model.Tests;

/// <summary>
/// "Nothing silently dropped": every service key of the Compose schema is modelled (it shows in the `config`
/// output of some good corpus case) or resolved at load into other keys. None is accepted and then lost: the
/// ones composer cannot run (provider, credential_spec) are kept, printed and refused by the verbs that create
/// containers (Unrunnable). A key the schema gains fails here until it is placed.
/// </summary>
public sealed class SchemaCoverageTests
{
    /// <summary>Keys resolved at load, so `config` shows their effect instead of the key.</summary>
    private static readonly Dictionary<string, string> ResolvedAtLoad = new(StringComparer.Ordinal)
    {
        ["extends"] = "merged into the service, as compose-go does",
        ["label_file"] = "read into labels",
        ["env_file"] = "read into environment; config names the files only with --no-env-resolution, as docker compose's",
    };

    [Fact]
    public void Every_schema_service_key_is_modelled_or_resolved_at_load()
    {
        var printed = PrintedServiceKeys();
        var unplaced = SchemaServiceKeys()
            .Where(key => !printed.Contains(key) && !ResolvedAtLoad.ContainsKey(key))
            .ToList();
        Assert.True(unplaced.Count == 0, $"schema service keys neither printed by any good corpus case nor resolved at load: {string.Join(", ", unplaced)}");
    }

    private static HashSet<string> SchemaServiceKeys()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Here(), "..", "..", "src", "Model", "Schema", "compose-spec.schema.json")));
        var definitions = schema.RootElement.TryGetProperty("definitions", out var d) ? d : schema.RootElement.GetProperty("$defs");
        return [.. definitions.GetProperty("service").GetProperty("properties").EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>Keys at service level (four spaces in) in the good snapshots.</summary>
    private static HashSet<string> PrintedServiceKeys() =>
        [.. Directory.EnumerateFiles(Path.Combine(Here(), "snapshots"), "good.*.verified.txt")
            .SelectMany(File.ReadLines)
            .Select(line => Regex.Match(line, "^    ([a-z_]+):"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)];

    private static string Here([CallerFilePath] string f = "") => Path.GetDirectoryName(f)!;
}
