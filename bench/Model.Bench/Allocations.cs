namespace Composer.Model.Bench;

/// <summary>
/// `--alloc [N]`: bytes allocated and GCs per load, averaged over N loads after a warm-up. Allocation is
/// deterministic where timing on a shared machine is not, so this is the quick measure of a change.
/// </summary>
internal static class Allocations
{
    public static void Run(int loads = 20)
    {
        var b = new LoadBenchmark { Services = 1000 };
        b.Setup();
        for (var i = 0; i < 3; i++) b.LoadAndGraph();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < loads; i++) b.LoadAndGraph();
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        Console.WriteLine($"per load: {bytes / (double)loads / 1e6:F2} MB allocated; GCs gen0 {(GC.CollectionCount(0) - gen0) / (double)loads:F2}, " +
            $"gen1 {(GC.CollectionCount(1) - gen1) / (double)loads:F2}, gen2 {(GC.CollectionCount(2) - gen2) / (double)loads:F2}");
    }
}
