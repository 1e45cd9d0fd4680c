using Composer.Orchestrator.Application;
using Composer.Orchestrator.Commands;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>`stats` arithmetic on fixed engine JSON: docker's CPU %, memory without cache, I/O sums and their texts.</summary>
public sealed class StatsSampleTests
{
    private const string CgroupV1 = """
        {
          "id": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
          "name": "/shop-web-1",
          "cpu_stats": { "cpu_usage": { "total_usage": 400000000, "percpu_usage": [1, 2, 3, 4] }, "system_cpu_usage": 20000000000 },
          "precpu_stats": { "cpu_usage": { "total_usage": 300000000 }, "system_cpu_usage": 18000000000 },
          "memory_stats": { "usage": 10485760, "limit": 104857600, "stats": { "total_inactive_file": 2097152, "inactive_file": 1 } },
          "networks": { "eth0": { "rx_bytes": 1000, "tx_bytes": 20 }, "eth1": { "rx_bytes": 500, "tx_bytes": 30 } },
          "blkio_stats": { "io_service_bytes_recursive": [
            { "major": 8, "op": "Read", "value": 4096 }, { "major": 8, "op": "Write", "value": 1000000 },
            { "major": 8, "op": "read", "value": 4096 }, { "major": 8, "op": "Total", "value": 99999999 } ] },
          "pids_stats": { "current": 3 }
        }
        """;

    [Fact]
    public void Cpu_percent_is_the_cpu_delta_over_the_system_delta_times_the_cpus()
    {
        var sample = StatsSample.Parse(CgroupV1);
        // 100ms of container CPU in 2s of system CPU, on the 4 CPUs percpu_usage lists: 0.05 * 4 = 20%.
        Assert.Equal(20, sample.CpuPercent, 6);
        Assert.Equal("20.00%", StatsRow.Percent(sample.CpuPercent));

        // online_cpus, when given, is the CPU count.
        var online = StatsSample.Parse(CgroupV1.Replace("\"system_cpu_usage\": 20000000000", "\"system_cpu_usage\": 20000000000, \"online_cpus\": 2", StringComparison.Ordinal));
        Assert.Equal(10, online.CpuPercent, 6);

        // No progress since the previous sample (a stopped container): 0%, not a division by zero.
        Assert.Equal(0, StatsSample.Parse("""{"cpu_stats":{},"precpu_stats":{},"memory_stats":{}}""").CpuPercent);
    }

    [Fact]
    public void Memory_leaves_out_the_inactive_page_cache_of_cgroup_v1_or_v2()
    {
        var v1 = StatsSample.Parse(CgroupV1);
        Assert.Equal(8 * 1024 * 1024, v1.Memory);
        Assert.Equal(8, v1.MemoryPercent, 6);

        var v2 = StatsSample.Parse("""{"memory_stats": {"usage": 3000, "limit": 10000, "stats": {"inactive_file": 1000}}}""");
        Assert.Equal(2000, v2.Memory);
        Assert.Equal(20, v2.MemoryPercent, 6);

        var noLimit = StatsSample.Parse("""{"memory_stats": {"usage": 3000}}""");
        Assert.Equal((3000, 0), (noLimit.Memory, noLimit.MemoryPercent));
    }

    [Fact]
    public void Network_and_block_io_are_summed_over_interfaces_and_devices()
    {
        var sample = StatsSample.Parse(CgroupV1);
        Assert.Equal((1500, 50), (sample.NetworkRx, sample.NetworkTx));
        Assert.Equal((8192, 1000000), (sample.BlockRead, sample.BlockWrite));
        Assert.Equal(3, sample.Pids);
        Assert.Equal("shop-web-1", sample.Name);
    }

    [Fact]
    public void Rows_show_docker_texts_sizes_and_a_short_id()
    {
        var row = new StatsRow("0123456789ab", StatsSample.Parse(CgroupV1), Truncate: true);
        string Field(string name) => Orchestrator.Output.Templates.ListFormat.Render("{{." + name + "}}", StatsRow.DefaultTable, StatsRow.Schema, [row]).TrimEnd('\n');
        Assert.Equal("0123456789ab", Field("ID"));
        Assert.Equal("8MiB / 100MiB", Field("MemUsage"));
        Assert.Equal("8.00%", Field("MemPerc"));
        Assert.Equal("1.5kB / 50B", Field("NetIO"));
        Assert.Equal("8.19kB / 1MB", Field("BlockIO"));
        Assert.Equal("3", Field("PIDs"));

        Assert.Equal("7.648MiB", StatsRow.BinarySize(7.648 * 1024 * 1024));
        Assert.Equal("1.944GiB", StatsRow.BinarySize(1.9442 * 1024 * 1024 * 1024));
        Assert.Equal("0B", StatsRow.BinarySize(0));
        Assert.Equal("1.05kB", StatsRow.DecimalSize(1049));
        Assert.Equal("656B", StatsRow.DecimalSize(656));
    }
}
