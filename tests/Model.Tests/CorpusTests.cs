using System.Runtime.CompilerServices;
using System.Text;
using Composer.Testing;

namespace Composer.Model.Tests;

/// <summary>
/// Snapshot tests over tests/Model.Tests/corpus. A case is a folder (files discovered as `composer` would from
/// that folder) or a single .yaml file (loaded with -f). Options come from `_args` (folder) or `NAME.args`:
/// `-f FILE`, `-p NAME`, `--profile P`, `--env-file F`, `env K=V`, `cwd SUBDIR`.
/// Absolute paths under the corpus are printed as &lt;corpus&gt;.
/// </summary>
public class CorpusTests
{
    public static string CorpusRoot => Path.Combine(Here(), "corpus");
    private static string Here([CallerFilePath] string f = "") => Path.GetDirectoryName(f)!;

    public static TheoryData<string> Good() => Cases("good");
    public static TheoryData<string> Bad() => Cases("bad");

    private static TheoryData<string> Cases(string kind)
    {
        var data = new TheoryData<string>();
        var dir = Path.Combine(CorpusRoot, kind);
        foreach (var e in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(e);
            if (Directory.Exists(e) || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal))
                data.Add(name);
        }
        return data;
    }

    internal static ProjectOptions OptionsFor(string kind, string name)
    {
        var path = Path.Combine(CorpusRoot, kind, name);
        var isDir = Directory.Exists(path);
        var argsFile = isDir ? Path.Combine(path, "_args") : Path.ChangeExtension(path, ".args");
        var env = new Dictionary<string, string> { ["HOME"] = "/home/tester", ["USER"] = "tester" };
        var files = new List<string>();
        var profiles = new List<string>();
        var envFiles = new List<string>();
        string? projectName = isDir ? null : Path.GetFileNameWithoutExtension(name);
        var cwd = isDir ? path : Path.GetDirectoryName(path)!;
        if (!isDir) files.Add(path);
        if (File.Exists(argsFile))
        {
            foreach (var raw in File.ReadAllLines(argsFile))
            {
                var line = raw.Trim();
                if (line.Length == 0) continue;
                var sp = line.IndexOf(' ');
                var (flag, value) = (line[..sp], line[(sp + 1)..]);
                switch (flag)
                {
                    case "-f": files.Add(value); break;
                    case "-p": projectName = value; break;
                    case "--profile": profiles.Add(value); break;
                    case "--env-file": envFiles.Add(value); break;
                    case "cwd": cwd = Path.Combine(cwd, value); break;
                    case "env":
                        var eq = value.IndexOf('=');
                        env[value[..eq]] = value[(eq + 1)..];
                        break;
                    default: throw new InvalidOperationException($"unknown option line '{line}' in {argsFile}");
                }
            }
        }
        return new ProjectOptions
        {
            WorkingDirectory = cwd,
            ConfigFiles = files,
            ProjectName = projectName,
            Profiles = profiles,
            EnvFiles = envFiles,
            Environment = env,
        };
    }

    internal static string Scrub(string text) => text.Replace(CorpusRoot, "<corpus>");

    internal static string Describe(Project p)
    {
        var sb = new StringBuilder();
        sb.Append(CanonicalYaml.Write(p));
        sb.Append("# --- config files\n");
        foreach (var f in p.ConfigFiles) sb.Append(f).Append('\n');
        sb.Append("# --- working directory\n").Append(p.WorkingDirectory).Append('\n');
        if (!p.DisabledServices.IsEmpty) sb.Append("# --- disabled services\n").Append(string.Join("\n", p.DisabledServices.Keys)).Append('\n');
        if (!p.AllProfiles.IsEmpty) sb.Append("# --- profiles\n").Append(CanonicalYaml.Profiles(p));
        sb.Append("# --- start levels\n").Append(ServiceGraph.Build(p)).Append('\n');
        return Scrub(sb.ToString());
    }

    [Theory]
    [MemberData(nameof(Good))]
    public void GoodFileLoads(string name)
    {
        var p = ProjectLoader.Load(OptionsFor("good", name));
        Snapshot.Verify(Describe(p), "good." + Path.GetFileNameWithoutExtension(name));
        // Canonical output is stable and the hash is a sha256 hex string.
        Assert.Equal(CanonicalYaml.Write(p), CanonicalYaml.Write(ProjectLoader.Load(OptionsFor("good", name))));
        foreach (var s in p.Services.Values) Assert.Matches("^[0-9a-f]{64}$", ServiceHash.Compute(s));
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public void BadFileIsAnsweredWithPositions(string name)
    {
        var ex = Assert.Throws<ComposeModelException>(() => ProjectLoader.Load(OptionsFor("bad", name)));
        Assert.NotEmpty(ex.Diagnostics);
        foreach (var d in ex.Diagnostics)
        {
            Assert.False(string.IsNullOrEmpty(d.File), $"no file in: {d}");
            Assert.True(d.Line > 0 && d.Column > 0, $"no line:col in: {d}");
        }
        Snapshot.Verify(Scrub(string.Join("\n", ex.Diagnostics.Select(d => d.ToString()))), "bad." + Path.GetFileNameWithoutExtension(name));
    }

    // The corpus's size and its grouping by checklist item are checked in CorpusIndexTests.
}
