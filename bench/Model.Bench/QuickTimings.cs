using System.Diagnostics;

namespace Composer.Model.Bench;

/// <summary>
/// `--min N`: a quick reading on a shared machine, N loads of the 1000-service file in one process; the fastest run
/// is the least disturbed one, the median the typical one. Repeated loads leave each one's model to the next one's
/// collections (about one full collection per load), which a CLI process, loading once, never pays; the CLI's own
/// cold load, garbage collector held off, is timed by scripts/bench-config. (Holding the collector off here, load
/// after load, was slower: each region starts with a full collection and clears its memory again.)
/// </summary>
internal static class QuickTimings
{
    public static void Run(int runs)
    {
        var b = new LoadBenchmark { Services = 1000 };
        b.Setup();
        b.LoadAndGraph(); // compiled before timing
        GC.Collect();
        var elapsed = new List<double>();
        var pause0 = GC.GetTotalPauseDuration();
        int[] before = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            b.LoadAndGraph();
            elapsed.Add(sw.Elapsed.TotalMilliseconds);
        }
        elapsed.Sort();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / runs;
        var pause = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds / runs;
        var collections = string.Join(" ", Enumerable.Range(0, 3).Select(g => $"gen{g} {(GC.CollectionCount(g) - before[g]) / (double)runs:F2}"));
        Console.WriteLine($"load+graph of 1000 services: fastest {elapsed[0]:F1} ms, median {elapsed[runs / 2]:F1} ms of {runs} runs; "
            + $"per load: cpu {cpu:F1} ms, gc pause {pause:F1} ms, collections {collections}");
    }
}
