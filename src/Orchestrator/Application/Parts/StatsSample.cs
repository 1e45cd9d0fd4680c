using System.Text.Json;

namespace Composer.Orchestrator.Application;

/// <summary>
/// One container's resource usage, computed from the engine's stats JSON the way the docker CLI
/// computes it (Linux): CPU % from the change since the previous sample, memory without the page
/// cache, network and block I/O summed over interfaces and devices.
/// </summary>
internal sealed record StatsSample(string Id, string Name, double CpuPercent, double Memory, double MemoryLimit, double MemoryPercent,
    double NetworkRx, double NetworkTx, double BlockRead, double BlockWrite, long Pids)
{
    public static StatsSample Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var memory = MemoryWithoutCache(root);
        var limit = Number(root, "memory_stats", "limit");
        var (rx, tx) = Network(root);
        var (read, write) = BlockIo(root);
        return new StatsSample(
            Text(root, "id"), Text(root, "name").TrimStart('/'), CpuPercentOf(root), memory, limit,
            limit > 0 ? memory / limit * 100 : 0, rx, tx, read, write, (long)Number(root, "pids_stats", "current"));
    }

    /// <summary>Container CPU time over system CPU time since the previous sample, times the CPUs online (docker's calculateCPUPercentUnix).</summary>
    private static double CpuPercentOf(JsonElement root)
    {
        var cpuDelta = Number(root, "cpu_stats", "cpu_usage", "total_usage") - Number(root, "precpu_stats", "cpu_usage", "total_usage");
        var systemDelta = Number(root, "cpu_stats", "system_cpu_usage") - Number(root, "precpu_stats", "system_cpu_usage");
        var online = Number(root, "cpu_stats", "online_cpus");
        // Older kernels report no online count: the per-CPU list's length stands in, as docker does.
        if (online == 0 && Find(root, "cpu_stats", "cpu_usage", "percpu_usage") is { ValueKind: JsonValueKind.Array } perCpu) online = perCpu.GetArrayLength();
        return cpuDelta > 0 && systemDelta > 0 ? cpuDelta / systemDelta * online * 100 : 0;
    }

    /// <summary>Usage minus the inactive page cache (cgroup v1 `total_inactive_file`, v2 `inactive_file`), as docker shows it.</summary>
    private static double MemoryWithoutCache(JsonElement root)
    {
        var usage = Number(root, "memory_stats", "usage");
        var stats = Find(root, "memory_stats", "stats");
        foreach (var key in new[] { "total_inactive_file", "inactive_file" })
        {
            if (stats is { } s && s.TryGetProperty(key, out var cache) && cache.TryGetDouble(out var inactive))
                return inactive < usage ? usage - inactive : usage;
        }
        return usage;
    }

    private static (double Rx, double Tx) Network(JsonElement root)
    {
        double rx = 0, tx = 0;
        if (Find(root, "networks") is { ValueKind: JsonValueKind.Object } networks)
            foreach (var network in networks.EnumerateObject())
            {
                rx += Number(network.Value, "rx_bytes");
                tx += Number(network.Value, "tx_bytes");
            }
        return (rx, tx);
    }

    private static (double Read, double Write) BlockIo(JsonElement root)
    {
        double read = 0, write = 0;
        if (Find(root, "blkio_stats", "io_service_bytes_recursive") is { ValueKind: JsonValueKind.Array } entries)
            foreach (var entry in entries.EnumerateArray())
            {
                var op = entry.TryGetProperty("op", out var o) ? o.GetString() ?? "" : "";
                if (op.Equals("read", StringComparison.OrdinalIgnoreCase)) read += Number(entry, "value");
                else if (op.Equals("write", StringComparison.OrdinalIgnoreCase)) write += Number(entry, "value");
            }
        return (read, write);
    }

    private static JsonElement? Find(JsonElement element, params string[] path)
    {
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element)) return null;
        }
        return element;
    }

    private static double Number(JsonElement element, params string[] path) =>
        Find(element, path) is { ValueKind: JsonValueKind.Number } number ? number.GetDouble() : 0;

    private static string Text(JsonElement element, string key) =>
        element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
