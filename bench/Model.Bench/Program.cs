using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Composer.Model;

namespace Composer.Model.Bench;

/// <summary>Loads and resolves a generated 1000-service project with anchors, extends chains and interpolation.</summary>
[MemoryDiagnoser]
public class LoadBenchmark
{
    private string _yaml = "";
    private readonly Dictionary<string, string> _env = new() { ["HOME"] = "/home/bench", ["REGISTRY"] = "registry.local", ["TAG"] = "1.0" };

    [Params(1000)]
    public int Services { get; set; }

    [GlobalSetup]
    public void Setup() => _yaml = Generate(Services);

    /// <summary>The benchmark's file (<see cref="BenchmarkFile"/>).</summary>
    public static string Generate(int n) => BenchmarkFile.Generate(n);

    [Benchmark]
    public int LoadAndGraph()
    {
        var p = ProjectLoader.LoadText(_yaml, "/bench/proj/compose.yaml", _env, "bench");
        var g = ServiceGraph.Build(p);
        return p.Services.Count + g.TopologicalLevels.Length;
    }
}

public static class Program
{
    public static void Main(string[] args)
    {
        // The benchmark's file, for timing the CLI itself on it (scripts/bench-config).
        if (args is ["--generate", var services]) { Console.Write(LoadBenchmark.Generate(int.Parse(services))); return; }
        if (args is ["--stages"]) { Stages.Run(); return; }
        if (args is ["--stages", var count]) { Stages.Run(int.Parse(count)); return; }
        if (args is ["--alloc"]) { Allocations.Run(); return; }
        if (args is ["--alloc-types"]) { AllocationTypes.Run(); return; }
        if (args is ["--hostile", ..] or ["--hostile-one", _]) { Environment.ExitCode = Hostile.Run(args); return; }
        // For a profiler (dotnet-trace collect -- ... --repeat 200): the benchmark's work, nothing else.
        if (args is ["--repeat", var times])
        {
            var b = new LoadBenchmark { Services = 1000 };
            b.Setup();
            for (var i = 0; i < int.Parse(times); i++) b.LoadAndGraph();
            return;
        }
        // A quick reading on a shared machine: the fastest of N runs is the least disturbed one.
        if (args is ["--min", var runs]) { QuickTimings.Run(int.Parse(runs)); return; }
        if (args is ["--once"])
        {
            var b = new LoadBenchmark { Services = 1000 };
            b.Setup();
            for (var i = 0; i < 3; i++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var n = b.LoadAndGraph();
                Console.WriteLine($"{n} in {sw.ElapsedMilliseconds} ms");
            }
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
