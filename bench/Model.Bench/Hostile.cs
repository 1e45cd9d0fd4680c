using System.Diagnostics;
using System.Text;
using Composer.Model;

namespace Composer.Model.Bench;

/// <summary>
/// `--hostile`: loads each hostile input in its own child process and prints the load's elapsed time and the
/// child's peak resident memory (VmHWM) against the loader's bounds: 300 MB and 2 s per input, whether the input
/// is accepted or refused. The inputs are generated here (never committed) into a temporary folder.
/// `--hostile NAME...` runs only the inputs whose names contain one of the NAMEs.
/// </summary>
internal static class Hostile
{
    private const double MaxPeakMb = 300;
    private const double MaxSeconds = 2;

    /// <summary>Name → writer of the case's files into its folder (compose.yaml, plus any env file).</summary>
    private static readonly (string Name, Action<string> Write)[] Cases =
    [
        ("billion-laughs-sequences", d => Compose(d, BillionLaughs(flow: true))),
        ("billion-laughs-merge-keys", d => Compose(d, MergeKeyBomb())),
        ("deep-flow-sequences-10000", d => Compose(d, "services:\n  app:\n    image: busybox\n    command: " + new string('[', 10000) + new string(']', 10000) + "\n")),
        ("deep-flow-mappings-10000", d => Compose(d, "services:\n  app:\n    image: busybox\n    labels: " + Repeat("{a: ", 10000) + "x" + new string('}', 10000) + "\n")),
        ("deep-block-mappings-1000", d => Compose(d, DeepBlock(1000))),
        ("file-50MB", d => Compose(d, "services:\n  app:\n    image: busybox\n" + Repeat("# padding padding padding padding padding padding padding padding\n", 50_000_000 / 66))),
        ("file-just-under-cap-one-scalar", d => Compose(d, "services:\n  app:\n    image: busybox\n    labels:\n      big: \"" + new string('x', (int)InputFiles.MaxComposeFileBytes - 100) + "\"\n")),
        ("file-just-under-cap-many-keys", d => Compose(d, ManyLabels((int)InputFiles.MaxComposeFileBytes - 200))),
        ("services-35000-minimal-under-cap", d => Compose(d, ManyServices(35_000))),
        ("services-10000-minimal-at-limit", d => Compose(d, ManyServices(10_000))),
        ("services-2800-full-under-cap", d => Compose(d, LoadBenchmark.Generate(2_800))),
        ("port-range-1-65535", d => Compose(d, "services:\n  app:\n    image: busybox\n    ports: [\"1-65535:1-65535\", \"0.0.0.0:1-65535:1-65535/udp\"]\n")),
        ("port-ranges-many", d => Compose(d, "services:\n  app:\n    image: busybox\n    ports:\n" + string.Concat(Enumerable.Range(1, 1000).Select(i => $"      - \"127.0.{i / 250}.{i % 250 + 1}:1-65535:1-65535\"\n")))),
        ("extends-amplification", d => Compose(d, ExtendsAmplification())),
        ("replicas-and-scale-max", d => Compose(d, "services:\n  a:\n    image: busybox\n    deploy: {replicas: 2147483647}\n  b:\n    image: busybox\n    scale: 2147483647\n")),
        ("interpolation-nesting-10000", d => Compose(d, "services:\n  app:\n    image: \"" + Repeat("${U:-", 10000) + "x" + new string('}', 10000) + "\"\n")),
        ("interpolation-many-substitutions", d => Compose(d, "services:\n  app:\n    image: busybox\n    labels:\n      l: \"" + Repeat("${U:-{a}}$V", 90_000) + "\"\n")),
        ("interpolation-unbalanced-braces-line", d => Compose(d, "services:\n  app:\n    image: busybox\n    labels:\n      l: \"" + Repeat("${U:-{}", 140_000) + "}\"\n")),
        ("env-file-dev-zero", d => Compose(d, "services:\n  app:\n    image: busybox\n    env_file: /dev/zero\n")),
        ("env-file-fifo", d => { Compose(d, "services:\n  app:\n    image: busybox\n    env_file: ./pipe\n"); MakeFifo(Path.Combine(d, "pipe")); }),
        ("env-file-directory", d => { Compose(d, "services:\n  app:\n    image: busybox\n    env_file: ./dir\n"); Directory.CreateDirectory(Path.Combine(d, "dir")); }),
        ("env-file-50MB", d => { Compose(d, "services:\n  app:\n    image: busybox\n    env_file: ./big.env\n"); File.WriteAllText(Path.Combine(d, "big.env"), Repeat("K=0123456789012345678901234567890123456789\n", 50_000_000 / 43)); }),
        ("env-file-under-cap-x-1000-services", d => { Compose(d, ManyServices(1000, "    env_file: ./big.env\n")); File.WriteAllText(Path.Combine(d, "big.env"), EnvLines((int)InputFiles.MaxEnvFileBytes - 100)); }),
        ("invalid-utf8-late", d => File.WriteAllBytes(Path.Combine(d, "compose.yaml"), [.. Encoding.UTF8.GetBytes(ManyServices(1000)), 0xC3, 0x28])),
    ];

    public static int Run(string[] args)
    {
        if (args is ["--hostile-one", var caseDir]) return LoadOne(caseDir);
        var root = Path.Combine(Path.GetTempPath(), "composer-hostile-" + Environment.ProcessId);
        var failures = 0;
        Console.WriteLine($"{"input",-40} {"peak MB",8} {"seconds",8}  result  outcome");
        try
        {
            foreach (var (name, write) in Cases)
            {
                if (args.Length > 1 && !args.Skip(1).Any(a => name.Contains(a, StringComparison.Ordinal))) continue;
                var dir = Path.Combine(root, name);
                Directory.CreateDirectory(dir);
                write(dir);
                var (peak, seconds, outcome) = InChild(dir);
                var pass = !double.IsNaN(peak) && peak <= MaxPeakMb && seconds <= MaxSeconds;
                if (!pass) failures++;
                Console.WriteLine($"{name,-40} {peak,8:F0} {seconds,8:F2}  {(pass ? "PASS" : "FAIL"),-6}  {outcome}");
                Directory.Delete(dir, recursive: true);
            }
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
        Console.WriteLine(failures == 0 ? "all hostile inputs within 300 MB and 2 s" : $"{failures} hostile input(s) over the bounds");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Child: loads the project in <paramref name="dir"/>, prints "seconds|peakMB|outcome".</summary>
    private static int LoadOne(string dir)
    {
        // composer is compiled ahead of time: warm the JIT up on an ordinary project first, so the time measured is
        // the loader's work on the hostile input rather than the compiling of the loader itself.
        var warmup = LoadBenchmark.Generate(200);
        for (var i = 0; i < 5; i++) ProjectLoader.LoadText(warmup, "/warmup/compose.yaml", new Dictionary<string, string> { ["HOME"] = "/h" }, "warmup");
        var sw = Stopwatch.StartNew();
        string outcome;
        try
        {
            var p = ProjectLoader.Load(new ProjectOptions
            {
                WorkingDirectory = dir,
                ConfigFiles = [Path.Combine(dir, "compose.yaml")],
                ProjectName = "hostile",
                Environment = new Dictionary<string, string> { ["HOME"] = "/home/bench", ["V"] = "v" },
            });
            outcome = $"loaded, {p.Services.Count} services";
        }
        catch (ComposeModelException e)
        {
            var first = e.Diagnostics[0].ToString().Replace(dir, "<dir>");
            outcome = "refused: " + (first.Length > 150 ? first[..150] + "…" : first);
        }
        var seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"{seconds:F3}|{PeakMb():F1}|{outcome}");
        return 0;
    }

    private static (double PeakMb, double Seconds, string Outcome) InChild(string dir)
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(Hostile).Assembly.Location);
        psi.ArgumentList.Add("--hostile-one");
        psi.ArgumentList.Add(dir);
        using var child = Process.Start(psi)!;
        var errors = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEndAsync();
        if (!child.WaitForExit(30_000)) { child.Kill(entireProcessTree: true); child.WaitForExit(); return (double.NaN, 30, "killed after 30 s"); }
        var line = output.Result.Split('\n').LastOrDefault(l => l.Count(c => c == '|') >= 2);
        if (line is null) return (double.NaN, double.NaN, $"crashed (exit {child.ExitCode}): {errors.Result.Split('\n').FirstOrDefault()}");
        var parts = line.Split('|', 3);
        return (double.Parse(parts[1]), double.Parse(parts[0]), parts[2]);
    }

    /// <summary>Peak resident set of this process in MB (Linux VmHWM), else the peak working set.</summary>
    private static double PeakMb()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
            foreach (var l in File.ReadLines(status))
                if (l.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(l[6..].Trim().Split(' ')[0]) / 1024.0;
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }

    private static void Compose(string dir, string text) => File.WriteAllText(Path.Combine(dir, "compose.yaml"), text);

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    /// <summary>Nine levels of nine aliases each: 9^9 (387 million) scalars once expanded.</summary>
    private static string BillionLaughs(bool flow)
    {
        _ = flow;
        var sb = new StringBuilder("x-lol:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
            sb.Append($"  l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 9))}]\n");
        sb.Append("services:\n  app:\n    image: busybox\n    command: *l9\n");
        return sb.ToString();
    }

    /// <summary>Merge keys that copy every entry of the level below: each level doubles the mapping.</summary>
    private static string MergeKeyBomb()
    {
        var sb = new StringBuilder("x-m:\n  m0: &m0 {a0: 1, b0: 2}\n");
        for (var i = 1; i < 40; i++)
            sb.Append($"  m{i}: &m{i} {{<<: [*m{i - 1}], a{i}: 1, n{i}: *m{i - 1}}}\n");
        sb.Append("services:\n  app:\n    image: busybox\n    labels:\n      <<: *m39\n");
        return sb.ToString();
    }

    /// <summary>A base service with 20 000 labels that 10 000 services extend: 200 million labels once merged.</summary>
    private static string ExtendsAmplification()
    {
        var sb = new StringBuilder("services:\n  base:\n    image: busybox\n    labels:\n");
        for (var i = 0; i < 20_000; i++) sb.Append($"      l{i}: v\n");
        for (var i = 0; i < 9_999; i++) sb.Append($"  s{i}: {{extends: base}}\n");
        return sb.ToString();
    }

    private static string DeepBlock(int depth)
    {
        var sb = new StringBuilder("services:\n  app:\n    image: busybox\nx-deep:\n");
        for (var i = 1; i <= depth; i++) sb.Append(' ', i).Append("a:\n");
        sb.Append(' ', depth + 1).Append("x\n");
        return sb.ToString();
    }

    private static string ManyServices(int n, string extra = "")
    {
        var sb = new StringBuilder("services:\n");
        for (var i = 0; i < n; i++) sb.Append($"  s{i}:\n    image: busybox\n{extra}");
        return sb.ToString();
    }

    private static string ManyLabels(int bytes)
    {
        var sb = new StringBuilder("services:\n  app:\n    image: busybox\n    labels:\n");
        for (var i = 0; sb.Length < bytes - 40; i++) sb.Append($"      l{i}: v\n");
        return sb.ToString();
    }

    private static string EnvLines(int bytes)
    {
        var sb = new StringBuilder();
        for (var i = 0; sb.Length < bytes - 40; i++) sb.Append($"VAR_{i}=value\n");
        return sb.ToString();
    }

    private static void MakeFifo(string path)
    {
        using var p = Process.Start("mkfifo", path);
        p.WaitForExit();
    }
}
