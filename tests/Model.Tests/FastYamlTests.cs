using System.Runtime.CompilerServices;
using System.Text;
using Composer.Model.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using Xunit.Abstractions;

namespace Composer.Model.Tests;

/// <summary>
/// The fast YAML path (<see cref="CommonYamlEvents"/>) against YamlDotNet's parser: for every YAML file of the
/// repository, the load benchmark's file and hand-written snippets, the fast path either declines (null) or gives
/// exactly YamlDotNet's events (type, value, style, anchor, tag, implicit flags, start line/column/index).
/// It must also keep applying: to the benchmark file, to the common snippets and to most of the repository's files.
/// </summary>
public class FastYamlTests(ITestOutputHelper output)
{
    private static string RepoRoot([CallerFilePath] string f = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(f)!, "..", ".."));

    private static List<string> Describe(IEnumerable<ParsingEvent> events) => events.Select(Describe).ToList();

    private static string Describe(ParsingEvent e)
    {
        var s = new StringBuilder(e.GetType().Name);
        s.Append($" @{e.Start.Line}:{e.Start.Column}#{e.Start.Index}");
        if (e is NodeEvent n) s.Append($" anchor={n.Anchor} tag={n.Tag}");
        switch (e)
        {
            case Scalar sc:
                s.Append($" value=<{sc.Value}> style={sc.Style} plainImplicit={sc.IsPlainImplicit} quotedImplicit={sc.IsQuotedImplicit} key={sc.IsKey}");
                break;
            case MappingStart ms: s.Append($" implicit={ms.IsImplicit} style={ms.Style}"); break;
            case SequenceStart ss: s.Append($" implicit={ss.IsImplicit} style={ss.Style}"); break;
            case DocumentStart ds: s.Append($" implicit={ds.IsImplicit}"); break;
            case DocumentEnd de: s.Append($" implicit={de.IsImplicit}"); break;
            case AnchorAlias a: s.Append($" alias={a.Value}"); break;
        }
        return s.ToString();
    }

    /// <summary>YamlDotNet's events, or null when it refuses the text (any exception).</summary>
    private static List<string>? YamlDotNetEvents(string text)
    {
        var parser = new Parser(new StringReader(text));
        var events = new List<ParsingEvent>();
        try
        {
            while (parser.MoveNext()) events.Add(parser.Current!);
        }
        catch (Exception)
        {
            return null;
        }
        return Describe(events);
    }

    /// <summary>Checks the fast path against YamlDotNet; returns whether the fast path took the text.</summary>
    private static bool Agrees(string name, string text)
    {
        var fast = CommonYamlEvents.TryRead(text);
        if (fast is null) return false;
        var expected = YamlDotNetEvents(text);
        Assert.True(expected is not null, $"{name}: YamlDotNet refuses this text but the fast path read it");
        var actual = Describe(fast);
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
            Assert.True(expected[i] == actual[i], $"{name}: event {i} differs\n  YamlDotNet: {expected[i]}\n  fast path:  {actual[i]}");
        Assert.True(expected.Count == actual.Count, $"{name}: {expected.Count} events from YamlDotNet, {actual.Count} from the fast path");
        return true;
    }

    [Fact]
    public void Every_yaml_file_of_the_repository_reads_as_YamlDotNet_reads_it()
    {
        var root = RepoRoot();
        var files = new[] { "tests", "examples" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count > 300, $"only {files.Count} YAML files found under {root}");
        var taken = 0;
        var declined = new List<string>();
        foreach (var f in files)
        {
            if (Agrees(Path.GetRelativePath(root, f), File.ReadAllText(f))) taken++;
            else declined.Add(Path.GetRelativePath(root, f));
        }
        output.WriteLine($"fast path took {taken} of {files.Count} files");
        foreach (var d in declined) output.WriteLine("declined: " + d);
        // Many corpus files are deliberately broken or exotic; the common ones must stay on the fast path.
        Assert.True(taken * 100 >= files.Count * 60, $"the fast path took only {taken} of {files.Count} files");
    }

    [Fact]
    public void The_benchmark_file_takes_the_fast_path_and_reads_as_YamlDotNet_reads_it()
    {
        var text = BenchmarkText(1000);
        Assert.True(Agrees("benchmark", text), "the benchmark file left the fast path");
        Assert.True(Agrees("benchmark-crlf", text.Replace("\n", "\r\n")), "the benchmark file with CRLF left the fast path");
    }

    private static string BenchmarkText(int n) => Composer.Model.Bench.BenchmarkFile.Generate(n);

    /// <summary>Snippets in the common subset: the fast path must take each one, and agree.</summary>
    public static TheoryData<string> Common() => new()
    {
        "services:\n  web:\n    image: redis:7\n",
        "services:\n  web:\n    image: redis:7",
        "a: http://example.com:8080/x?y=1#frag\nb: c#d\nc: value # comment\nd: 'x # y'\n",
        "# leading comment\n\n  # indented comment\na: 1\n\n\nb:   two words  \n# trailing\n",
        "a:\nb:\n  c:\n  d:\n",
        "a: ''\nb: \"\"\nc: 'it''s'\nd: \"say \\\"hi\\\" \\\\ \\n\\t/\"\ne: ' spaced '\n",
        "\"quoted key\": 1\n'single key': 2\nkey with spaces: 3\nspaced key   : 4\n",
        "l: [a, \"b\", 'c', 1, true, null, ~]\nm: {a: b, c: d}\ne1: []\ne2: {}\nn: [[a, b], {x: y}, [], {}]\no: { a: [1, 2] , 'b': \"c\" }\n",
        "f: [a b, c:d, 'e:f', x:]\ng: {url: http://x:80/y, \"k\": v}\n",
        "x-base: &base\n  a: 1\n  b: &b 2\ns:\n  <<: *base\n  c: *b\nt:\n  <<: [*base]\nlist: &l\n  - 1\nu: *l\nv: &empty\nw: [*b, *l]\n",
        "a: !reset\nb: !reset []\nc: !override {x: 1}\nd: !reset null\ne: !override\n  f: 1\ng: !reset\n  - 1\nh: !reset 'q'\ni: &anc !reset\n  - 2\n",
        "env:\n- A=1\n- B=2\nother: x\nnested:\n  list:\n  - a\n  - b\n  next: y\n",
        "- - a\n  - b\n- - - c\n-\n- \n-   spaced\n- key: v\n  k2: v2\n-   k3: v3\n    k4:\n      - x\n",
        "-\n  a: 1\n-\n  - 2\n- &x\n  b: 3\n- &y\n- *x\n",
        "a:\n    deep:\n        deeper: 1\n    back: 2\nb: 3\n",
        "a: 1\r\nb:\r\n  - x\r\n  - 'y'\r\nc: [1, 2]\r\nd:\r\n",
        "a: 1\r\n# c\r\nb: 2",
        "a: 1\n# last comment without newline",
        "a: 1\n\n\n",
        "a: 1\n   ",
        "  indented: root\n  second: 2\n",
        "- a\n- b\n",
        "a: -1\nb: -x\nc: -\n  - z\n".Replace("c: -\n  - z\n", "c: x-\n"),
        "a: <<\n'<<': x\n\"<<\": y\n",
        "ports:\n  - \"8080:80\"\n  - 127.0.0.1:9000:9000/udp\ncommand: [\"sh\", \"-c\", \"echo $${HOME} && exit 0\"]\n",
        "labels:\n  com.example.description: \"Accounting webapp\"\n  com.example.empty: \"\"\n  x.y: a=b,c=d\n",
        "a: caf\u00e9 \u65e5\u672c\nb: '\u00fc'\n",
        "a: 1\nb: 2\na: 3\n",
        "1: x\ntrue: y\n",
        "HTTP_ADDR: :8080\nx:\n  - :9\n",
        "a: |\n  line1\n  line2\n\n  line4\nb: 1\n",
        "a: |-\n  x\n\n\nb: 1\n",
        "a: |+\n  x\n\n\nb: 1\n",
        "a: |+\n  x\n\n",
        "a: |\n  x",
        "a: >\n  x\n  y\n",
        "- |\n  x\n- >\n  folded\n  text\n\n  para\n\n\n  third\n- >-\n    one\n    two\n",
        "c: |\n  # not a comment\n    indented\n  back\n  \n   \nd: 1\n",
        "a: |\r\n  x\r\n\r\n  y\r\nb: >\r\n  f\r\n  g\r\n",
        "a: &s |\n  x\nb: *s\nc: !reset |\n  y\n",
        "a: | # comment\n  x\n# after\nb: 1\n",
        "services:\n  s:\n    command:\n      - sh\n      - -c\n      - |\n        echo \"id: $$(id -u)\"\n        trap 'exit 0' TERM; sleep 3600 & wait\n    x: 1\n",
    };

    [Theory]
    [MemberData(nameof(Common))]
    public void A_common_snippet_takes_the_fast_path_and_agrees(string text)
    {
        Assert.True(Agrees(text, text), $"the fast path declined:\n{text}");
    }

    /// <summary>Snippets outside the subset or wrong: the fast path may decline them, and must agree when it does not.</summary>
    public static TheoryData<string> Unusual() => new()
    {
        "",
        "# only a comment\n",
        "scalar root\n",
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "%YAML 1.2\n---\na: 1\n",
        "? complex\n: key\n",
        "a: |\n  block\n",
        "a: >\n  folded\n",
        "a: multi\n  line\n",
        "a: multi\n\n  line\n",
        "a: 'multi\n  line'\n",
        "a: \"multi\n  line\"\n",
        "a: [1,\n  2]\n",
        "a: {x: 1,\n  y: 2}\n",
        "a: [1, 2 # c\n  ]\n",
        "a:\tb\n",
        "\ta: b\n",
        "a: b\n\tc: d\n",
        "a: !!str 1\n",
        "a: !custom x\n",
        "a: !<tag:yaml.org,2002:str> x\n",
        "&a b: c\n",
        "- &a b: c\n",
        "*a : b\n",
        "a: b: c\n",
        "a: - b\n",
        "a: 1\n- b\n",
        "- a\nb: 1\n",
        "a:\n  b: 1\n c: 2\n",
        "a: 1\n  b: 2\n",
        "a:\n  value on next line\n",
        "a: 'x'y\n",
        "a: \"x\"#y\n",
        "a: [x]#y\n",
        "a: [a: b]\n",
        "a: {x}\n",
        "a: {x: }\n",
        "a: {x:y}\n",
        "a: [a,]\n",
        "a: [,a]\n",
        "a: [- a]\n",
        "a: [-a, -1]\n",
        "a: \"\\u00e9\\x41\"\n",
        "a: \"line\\\ncontinued\"\n",
        "a: *undefined\n",
        "a: &x 1\nb: &x 2\nc: *x\n",
        "a: 'unterminated\n",
        "a: [unterminated\n",
        "a: b\rc: d\n",
        "\ufeffa: b\n",
        "a: \u0001\n",
        "a: \U0001F600\n",
        "a\n",
        "a :b\n",
        "key: value\nkey2:value2\n",
        ":a: b\n",
        "?a: b\n",
        "-a: b\n",
        "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n",
        "a: @b\n",
        "a: `b\n",
        "a: %b\n",
        "a: ,b\n",
        "a: ]b\n",
        "a: b]\n",
        "a: [b]]\n",
        "a: {b: c}}\n",
        "a: \"b\" \"c\"\n",
        "a: [\"b\":c]\n",
        "a: {\"b\":c}\n",
        "'a':b\n",
        "a: &anchor\n",
        "a: &anchor # c\nb: 1\n",
        "a: !reset &anc\n  - 1\n",
        "a: &an!x 1\n",
        "a: &a[ 1\n",
        "a: *a]\n",
        "- *a\n",
        "x: &a 1\ny: [*a, *a]\nz: {k: *a}\n",
        "x: &a 1\n*a: 2\n",
        new string('k', 1100) + ": v\n",
        "a: {" + new string('k', 1100) + ": v}\n",
        "a: {'" + new string('k', 1100) + "': v}\n",
        "a: " + new string('[', 60) + new string(']', 60) + "\n",
        "a: b\n  # deeper comment\n  c\n",
        "a:\n- b\n  c\n",
        "- a:\n  - b\n",
        "- a:\n- b\n",
        "a:\n  - b\n  c: d\n",
        "a: # c\n  b: 1\n",
        "a:    \n  - 1\n",
        "a: 'x' # c\n",
        "a: x #c\nb: x#c\n",
        "a:#c\n",
        "[a]: b\n",
        "{a: b}: c\n",
        "a: [b] c\n",
        "- [a] \n- {b: c}   # c\n",
        "a: [x]\nb: :9\n",
        "a: [\"q\"]\nb: :9\n",
        "a: []\nb: :9\n",
        "a: [x]\n\"b\": :9\n",
        "a: [\"x\"]\n'b': :9\n",
        "- [x]\n- :9\n",
        "- [\"x\"]\n- :9\n",
        ":a: b\n",
        "a: |\n\n  x\n",
        "a: |\n  \n  x\n",
        "a: |\n      \n  x\n",
        "a: |2\n   x\n",
        "a: |-2\n   x\n",
        "a: |\n",
        "a: |",
        "a: |\nb: 1\n",
        "a: >\n  x\n    more\n  y\n",
        "a: >\n  x\n   \n  y\n",
        "a: |\n    x\n  y\n",
        "a: |\n    x\n  y: 1\n",
        "a: |#c\n  x\n",
        "a: |\n  x\n   \n  y\n",
        "a: |\n  x\n---\n",
        "a: |\n  x\n...\n",
        "- a: |\n    x\n  b: 1\n",
        "a: |x\n  y\n",
        "a: | x\n  y\n",
        "[a, |b]\n",
        "a: {b: |}\n",
    };

    [Theory]
    [MemberData(nameof(Unusual))]
    public void An_unusual_snippet_is_declined_or_agrees(string text)
    {
        output.WriteLine(Agrees(text, text) ? "fast path" : "declined");
    }

    /// <summary>
    /// Small random edits of the repository's files (a character inserted, deleted or replaced by one that matters
    /// to YAML), with a fixed seed: the fast path must decline each edited text or agree with YamlDotNet on it.
    /// </summary>
    [Fact]
    public void Edited_files_are_declined_or_read_as_YamlDotNet_reads_them()
    {
        var root = RepoRoot();
        var texts = new[] { "tests", "examples" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
                && !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Where(t => t.Length > 0)
            .ToList();
        const string Interesting = " :#-[]{},'\"&*!|>?%@`\\\n\r\tx0.~<";
        var random = new Random(20261203);
        int taken = 0, tried = 0;
        for (var round = 0; round < 20; round++)
            foreach (var text in texts)
            {
                var sb = new StringBuilder(text);
                for (var edits = random.Next(1, 4); edits > 0; edits--)
                {
                    var at = random.Next(sb.Length);
                    var c = Interesting[random.Next(Interesting.Length)];
                    switch (random.Next(3))
                    {
                        case 0: sb.Insert(at, c); break;
                        case 1: if (sb.Length > 1) sb.Remove(at, 1); break;
                        default: sb[at] = c; break;
                    }
                }
                var edited = sb.ToString();
                tried++;
                if (Agrees($"edit {tried}:\n{edited}", edited)) taken++;
            }
        output.WriteLine($"fast path took {taken} of {tried} edited texts");
        Assert.True(taken * 100 >= tried * 30, $"the fast path took only {taken} of {tried} edited texts");
    }

    [Fact]
    public void Deep_nesting_is_left_to_YamlDotNet()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 150; i++) sb.Append(new string(' ', i)).Append("k:\n");
        Assert.Null(CommonYamlEvents.TryRead(sb.ToString() + new string(' ', 150) + "k: v\n"));
        Assert.Null(CommonYamlEvents.TryRead("a: " + new string('[', 100) + new string(']', 100) + "\n"));
    }

    [Fact]
    public void Errors_found_by_the_builder_keep_their_positions_on_the_fast_path()
    {
        var text = "services:\n  web:\n    image: a\n    image: b\n";
        Assert.NotNull(CommonYamlEvents.TryRead(text));
        var diags = new List<Diagnostic>();
        Assert.Null(YamlReader.Read("compose.yaml", text, diags));
        var d = Assert.Single(diags);
        Assert.Equal((4, 5), (d.Line, d.Column));
        Assert.Contains("duplicate key 'image'", d.Message, StringComparison.Ordinal);
    }
}
