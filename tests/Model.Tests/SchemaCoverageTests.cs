using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Composer.Model.Tests;

/// <summary>
/// "Nothing silently dropped": every service key of the Compose schema is either modelled (it shows in the
/// `config` output of some good corpus case) or listed below as not honoured yet, with the reason. A key
/// the schema gains fails here until it is placed; a listed key that starts printing fails until it leaves the list.
/// </summary>
public sealed class SchemaCoverageTests
{
    /// <summary>Keys resolved at load, so `config` shows their effect instead of the key.</summary>
    private static readonly Dictionary<string, string> ResolvedAtLoad = new(StringComparer.Ordinal)
    {
        ["extends"] = "merged into the service, as compose-go does",
        ["label_file"] = "read into labels",
    };

    /// <summary>Keys accepted by the schema and not kept: the list of what is still dropped.</summary>
    private static readonly Dictionary<string, string> StillDropped = new(StringComparer.Ordinal)
    {
        ["credential_spec"] = "Windows gMSA credentials; composer targets Linux engines",
        ["isolation"] = "Windows container isolation; composer targets Linux engines",
        ["post_start"] = "lifecycle hooks: not done yet",
        ["pre_stop"] = "lifecycle hooks: not done yet",
        ["provider"] = "provider services (compose plugins) are not supported",
        ["pull_refresh_after"] = "not read yet",
    };

    [Fact]
    public void Every_schema_service_key_is_modelled_or_listed_with_a_reason()
    {
        var printed = PrintedServiceKeys();
        var unplaced = SchemaServiceKeys()
            .Where(key => !printed.Contains(key) && !ResolvedAtLoad.ContainsKey(key) && !StillDropped.ContainsKey(key))
            .ToList();
        Assert.True(unplaced.Count == 0, $"schema service keys neither printed by any good corpus case nor listed as dropped: {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void The_dropped_list_holds_only_keys_that_are_really_dropped()
    {
        var printed = PrintedServiceKeys();
        var schema = SchemaServiceKeys();
        Assert.DoesNotContain(StillDropped.Keys, key => printed.Contains(key) || !schema.Contains(key));
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
