using System.Diagnostics.Tracing;

namespace Composer.Model.Bench;

/// <summary>
/// `--alloc-types`: which types the loader allocates most, from the runtime's sampled AllocationTick events
/// (one per ~100 KB), so a hot spot shows without an external profiler.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private readonly Dictionary<string, long> _bytes = [];
    private bool _on;

    protected override void OnEventSourceCreated(EventSource source)
    {
        // Keyword 0x1 = GC events; verbose level includes GCAllocationTick.
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_on || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        if (e.PayloadNames.IndexOf("AllocationKind") is var k and >= 0 && Convert.ToInt32(e.Payload[k]) == 1) type = "(large object heap) " + type;
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
        lock (_bytes) _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
    }

    public static void Run(int loads = 20)
    {
        using var listener = new AllocationTypes();
        var b = new LoadBenchmark { Services = 1000 };
        b.Setup();
        for (var i = 0; i < 3; i++) b.LoadAndGraph();
        listener._on = true;
        for (var i = 0; i < loads; i++) b.LoadAndGraph();
        listener._on = false;
        Thread.Sleep(500);
        lock (listener._bytes)
            foreach (var (type, bytes) in listener._bytes.OrderByDescending(kv => kv.Value).Take(40))
                Console.WriteLine($"{bytes / (double)loads / 1e6,8:F2} MB  {type}");
    }
}
