using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Composer.Model.Tests;

/// <summary>
/// The corpus is grouped by the checklist items of issue #12: the first line of every case's primary file says
/// which item it pins and what compose-go does (`# item N: pins ...`), or, for the realistic multi-service stacks,
/// `# stacks: ...`. The primary file is the .yaml of a single-file case; for a folder case the first `-f` of its
/// `_args`, else the first file of COMPOSE_FILE in `_args`, else the compose file discovered in the folder.
/// </summary>
public sealed partial class CorpusIndexTests(ITestOutputHelper output)
{
    /// <summary>The size issue #12 asks of the corpus, good and bad cases together.</summary>
    public const int MinimumCases = 200;

    private static readonly string[] Discovered = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

    [GeneratedRegex(@"^# item (?<item>10|[1-9]): pins \S")]
    private static partial Regex ItemHeader();

    [GeneratedRegex(@"^# stacks: \S")]
    private static partial Regex StacksHeader();

    internal static IEnumerable<(string Kind, string Name)> AllCases() =>
        from kind in new[] { "good", "bad" }
        from data in (IEnumerable<object[]>)(kind == "good" ? CorpusTests.Good() : CorpusTests.Bad())
        select (kind, (string)data[0]);

    internal static string PrimaryFile(string kind, string name)
    {
        var path = Path.Combine(CorpusTests.CorpusRoot, kind, name);
        if (!Directory.Exists(path)) return path;
        var args = Path.Combine(path, "_args");
        var lines = File.Exists(args) ? File.ReadAllLines(args).Select(l => l.Trim()).ToArray() : [];
        if (lines.FirstOrDefault(l => l.StartsWith("-f ", StringComparison.Ordinal)) is { } f) return Path.Combine(path, f[3..].Trim());
        if (lines.FirstOrDefault(l => l.StartsWith("env COMPOSE_FILE=", StringComparison.Ordinal)) is { } env)
            return Path.Combine(path, env["env COMPOSE_FILE=".Length..].Split(':')[0]);
        return Discovered.Select(d => Path.Combine(path, d)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"no compose file in case {kind}/{name}");
    }

    /// <summary>The group a case's header puts it in: "1".."10", "stacks", or null when the header is missing.</summary>
    internal static string? GroupOf(string kind, string name)
    {
        using var reader = new StreamReader(PrimaryFile(kind, name));
        var first = reader.ReadLine() ?? "";
        if (ItemHeader().Match(first) is { Success: true } m) return m.Groups["item"].Value;
        return kind == "good" && StacksHeader().IsMatch(first) ? "stacks" : null;
    }

    [Fact]
    public void EveryCaseSaysWhichItemItPins()
    {
        var missing = AllCases().Where(c => GroupOf(c.Kind, c.Name) is null).Select(c => $"{c.Kind}/{c.Name}").ToList();
        Assert.True(missing.Count == 0,
            $"{missing.Count} case(s) lack the header '# item N: pins <compose-go behaviour>' (or '# stacks: ...' for a good stack) " +
            "on the first line of their primary file:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void CorpusIsLargeEnough()
    {
        var cases = AllCases().Select(c => (c.Kind, Group: GroupOf(c.Kind, c.Name) ?? "no header")).ToList();
        var report = new StringBuilder();
        // Every item is listed, an empty one too, so a gap shows.
        var groups = Enumerable.Range(1, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).Append("stacks")
            .Concat(cases.Select(c => c.Group).Where(g => g == "no header").Distinct());
        foreach (var group in groups)
        {
            var members = cases.Where(c => c.Group == group).ToList();
            var label = char.IsAsciiDigit(group[0]) ? "item " + group : group;
            report.Append($"{label,-10} {members.Count,4}  (good {members.Count(c => c.Kind == "good")}, bad {members.Count(c => c.Kind == "bad")})\n");
        }
        report.Append($"{"total",-10} {cases.Count,4}  (good {cases.Count(c => c.Kind == "good")}, bad {cases.Count(c => c.Kind == "bad")})\n");
        output.WriteLine(report.ToString());
        Assert.True(cases.Count >= MinimumCases, $"the corpus has {cases.Count} cases; issue #12 asks for at least {MinimumCases}\n{report}");
    }
}
