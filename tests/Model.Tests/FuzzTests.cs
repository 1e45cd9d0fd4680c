using System.Text;

namespace Composer.Model.Tests;

/// <summary>Feeds mutated corpus files through the loader: the only acceptable failure is ComposeModelException.</summary>
public class FuzzTests
{
    private static readonly string[] Tokens =
    [
        ":", "-", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: *a", "${", "$", "${X:?boom}", "${X:-${Y}}", "!reset ", "!override ",
        "\"", "'", "\t", "~", "0", "-1", "99999999999999999999", "1e400", "null", "true", "no", "on-failure:x", ": :", "#", "|",
        ">", "?", "%", "@", "`", "\\", "\n", "  ", "image: x\n", "extends: web\n", "depends_on: [web]\n", "ports: [\"1-65535:1-65535\"]",
        "volumes: [\":\"]", "include: [x.yml]", "x-y: &a {k: *a}", "services:", "profiles: [p]", "networks: [n]", "\u00e9", "\0",
    ];

    [Fact]
    public void MutatedFilesOnlyFailWithComposeModelException()
    {
        var root = Path.Combine(CorpusTests.CorpusRoot, "good");
        var seeds = Directory.EnumerateFiles(root, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path: f, Text: File.ReadAllText(f))).ToList();
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("COMPOSER_FUZZ_ITERATIONS"), out var it) ? it : 2000;
        var rng = new Random(int.TryParse(Environment.GetEnvironmentVariable("COMPOSER_FUZZ_SEED"), out var seed) ? seed : 20240601);
        var env = new Dictionary<string, string> { ["HOME"] = "/home/tester", ["SET"] = "v" };
        int ok = 0, rejected = 0;
        for (var i = 0; i < iterations; i++)
        {
            var (path, text) = seeds[rng.Next(seeds.Count)];
            var mutated = Mutate(text, rng, 1 + rng.Next(3));
            try
            {
                ProjectLoader.LoadText(mutated, path, env, "fuzz");
                ok++;
            }
            catch (ComposeModelException e)
            {
                Assert.NotEmpty(e.Diagnostics);
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"mutation {i} of {path} threw {e.GetType().Name}: {e.Message}\n--- input\n{mutated}\n--- stack\n{e.StackTrace}");
            }
        }
        Assert.True(ok > 100 && rejected > 100, $"ok={ok} rejected={rejected}");
    }

    private static string Mutate(string text, Random rng, int count)
    {
        for (var n = 0; n < count; n++)
        {
            var lines = text.Split('\n').ToList();
            var li = rng.Next(lines.Count);
            switch (rng.Next(8))
            {
                case 0: lines.RemoveAt(li); break;
                case 1: lines.Insert(li, lines[rng.Next(lines.Count)]); break;
                case 2:
                {
                    var l = lines[li];
                    var pos = rng.Next(l.Length + 1);
                    lines[li] = l.Insert(pos, Tokens[rng.Next(Tokens.Length)]);
                    break;
                }
                case 3:
                {
                    var l = lines[li];
                    if (l.Length > 0) { var pos = rng.Next(l.Length); lines[li] = l.Remove(pos, Math.Min(l.Length - pos, 1 + rng.Next(4))); }
                    break;
                }
                case 4: lines[li] = new string(' ', rng.Next(8)) + lines[li].TrimStart(); break;
                case 5:
                {
                    var l = lines[li];
                    var colon = l.IndexOf(": ", StringComparison.Ordinal);
                    if (colon > 0) lines[li] = l[..(colon + 2)] + Tokens[rng.Next(Tokens.Length)];
                    break;
                }
                case 6: lines = lines.Take(rng.Next(lines.Count + 1)).ToList(); break;
                default:
                {
                    var sb = new StringBuilder(lines[li]);
                    for (var k = 0; k < sb.Length; k++) if (rng.Next(10) == 0) sb[k] = (char)rng.Next(32, 127);
                    lines[li] = sb.ToString();
                    break;
                }
            }
            text = string.Join('\n', lines);
        }
        return text;
    }
}
