using Composer.EndToEnd.Tests.Harness;
using System.CommandLine;
using System.Text.RegularExpressions;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>
/// docs/parity.md lists every verb and flag of docker compose v2 with composer's answer. This keeps
/// it honest: a row that says `supported` must be accepted by composer's parser and name a test
/// that exists and exercises that flag; `no-op`, `refused` and `missing` rows must say why.
/// </summary>
public sealed partial class ParityTableTests
{
    private static readonly string[] Statuses = ["supported", "no-op", "refused", "missing"];

    [Fact]
    public void Every_row_has_a_known_status_and_a_reason_or_a_test()
    {
        var problems = Rows().Where(r => !Statuses.Contains(r.Status) || r.Evidence.Length == 0)
            .Select(r => $"{r.Where}: status '{r.Status}', evidence '{r.Evidence}'").ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_supported_or_no_op_flag_is_accepted_by_the_parser()
    {
        var root = Composer.Orchestrator.Cli.CommandLine.Root();
        var problems = new List<string>();
        foreach (var row in Rows().Where(r => r.Status is "supported" or "no-op"))
        {
            var command = row.Verb == "(global)" ? root : root.Subcommands.FirstOrDefault(c => c.Name == row.Verb);
            if (command is null) { problems.Add($"{row.Where}: composer has no verb '{row.Verb}'"); continue; }
            if (row.Flag.Length == 0) continue;
            var names = Accepted(command, root);
            foreach (var spelling in row.Spellings.Where(s => !names.Contains(s)))
                problems.Add($"{row.Where}: `composer {row.Verb} {spelling}` is not accepted by the parser");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_supported_row_names_a_test_that_exists_and_uses_the_flag()
    {
        var tests = TestMethods();
        var problems = new List<string>();
        foreach (var row in Rows().Where(r => r.Status == "supported"))
        {
            var named = EvidenceNames(row.Evidence).ToList();
            if (named.Count == 0) { problems.Add($"{row.Where}: names no test (Class.Method)"); continue; }
            foreach (var name in named)
            {
                if (!tests.TryGetValue(name, out var test)) { problems.Add($"{row.Where}: no test {name}"); continue; }
                // In the test itself, or in a helper of its class that it calls (build --push in RegistryTests' PublishAsync).
                bool Uses(string text) => row.Flag.Length == 0 ? text.Contains($"\"{row.Verb}\"") : row.Spellings.Any(s => text.Contains($"\"{s}") || text.Contains($" {s}"));
                var mentions = Uses(test.Body) || Uses(test.File);
                if (!mentions) problems.Add($"{row.Where}: test {name} never uses {(row.Flag.Length == 0 ? row.Verb : row.Flag)}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_table_covers_every_docker_compose_verb_composer_implements()
    {
        var listed = Rows().Select(r => r.Verb).ToHashSet();
        var root = Composer.Orchestrator.Cli.CommandLine.Root();
        // Composer's own verbs, which docker compose does not have.
        string[] ours = ["agent", "jobs", "stack", "help"];
        var unlisted = root.Subcommands.Select(c => c.Name).Where(n => !ours.Contains(n) && !listed.Contains(n)).ToList();
        Assert.True(unlisted.Count == 0, "verbs missing from docs/parity.md: " + string.Join(", ", unlisted));
    }

    private static HashSet<string> Accepted(Command command, RootCommand root) =>
        [.. command.Options.Concat(root.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Append(o.Name))];

    private static IEnumerable<string> EvidenceNames(string evidence) =>
        TestName().Matches(evidence).Select(m => m.Value);

    internal sealed record Row(int Line, string Verb, string Flag, string Shorthand, string Status, string Evidence)
    {
        public string Where => $"docs/parity.md:{Line} ({Verb} {Flag})".TrimEnd();
        public IEnumerable<string> Spellings => Shorthand.Length > 0 ? [Flag, Shorthand] : [Flag];
    }

    /// <summary>The table's rows: | verb | flag | shorthand | status | evidence |.</summary>
    internal static List<Row> Rows()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "parity.md"));
        var rows = new List<Row>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("| ", StringComparison.Ordinal)) continue;
            var cells = lines[i].Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray();
            if (cells.Length < 5 || cells[0] is "verb" || cells[0].StartsWith("--", StringComparison.Ordinal) || cells[0].StartsWith(':')) continue;
            rows.Add(new Row(i + 1, cells[0], cells[1] == "—" ? "" : cells[1], cells[2], cells[3], string.Join("|", cells[4..]).Trim()));
        }
        Assert.True(rows.Count > 0, "docs/parity.md has no rows");
        return rows;
    }

    /// <summary>Class.Method -> the method's text (its attributes, inline data and body) and its file's, from this project's sources.</summary>
    private static Dictionary<string, (string Body, string File)> TestMethods()
    {
        var methods = new Dictionary<string, (string Body, string File)>(StringComparer.Ordinal);
        var project = Path.Combine(Repository.Root, "tests", "EndToEnd.Tests");
        foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")))
        {
            var text = File.ReadAllText(file);
            var type = ClassName().Match(text);
            if (!type.Success) continue;
            // A test's text runs from its [Fact]/[Theory] to the next one (or the end of the file).
            var starts = TestAttribute().Matches(text).Select(m => m.Index).Append(text.Length).ToList();
            for (var i = 0; i + 1 < starts.Count; i++)
            {
                var chunk = text[starts[i]..starts[i + 1]];
                if (MethodName().Match(chunk) is { Success: true } method) methods[$"{type.Groups[1].Value}.{method.Groups[1].Value}"] = (chunk, text);
            }
        }
        return methods;
    }

    [GeneratedRegex(@"\b[A-Z]\w+\.[A-Z]\w+\b")]
    private static partial Regex TestName();

    [GeneratedRegex(@"(?:class|record) (\w+)")]
    private static partial Regex ClassName();

    [GeneratedRegex(@"^\s*\[(?:Fact|Theory)\b", RegexOptions.Multiline)]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"(?:Task|void) (\w+)\(")]
    private static partial Regex MethodName();
}
