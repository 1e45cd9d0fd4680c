using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// The cgroup resource keys reach the container the engine creates (docker inspect shows them), as
/// docker compose passes them. blkio `weight`/`weight_device` are left out: this kernel has no blkio
/// weight, so the engine discards them with a warning whoever asks; so is `cpu_percent` (a Windows knob the
/// Linux engine zeroes), while it keeps the Windows `cpu_count` as given.
/// </summary>
public sealed class ResourceKeysTests
{
    [Fact]
    public async Task Cpu_memory_device_and_blkio_knobs_are_applied_to_the_container()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                cpu_period: 100000
                cpu_quota: 50000
                cpu_count: 2
                mem_limit: 64m
                memswap_limit: 128m
                mem_swappiness: 60
                device_cgroup_rules: ["c 1:3 mr"]
                cgroup: private
                blkio_config:
                  device_read_bps: [{path: /dev/vda, rate: 1mb}]
                  device_write_iops: [{path: /dev/vda, rate: 200}]
            """);
        await project.ComposerOkAsync("up", "-d");
        var shown = await Inspect($"{project.Name}-app-1",
            "{{.HostConfig.CpuPeriod}} {{.HostConfig.CpuQuota}} {{.HostConfig.CpuCount}} {{.HostConfig.MemorySwap}} {{.HostConfig.MemorySwappiness}} " +
            "{{.HostConfig.DeviceCgroupRules}} {{.HostConfig.CgroupnsMode}} {{json .HostConfig.BlkioDeviceReadBps}} {{json .HostConfig.BlkioDeviceWriteIOps}}");
        Assert.Equal("""100000 50000 2 134217728 60 [c 1:3 mr] private [{"Path":"/dev/vda","Rate":1048576}] [{"Path":"/dev/vda","Rate":200}]""", shown);
    }

    [Fact]
    public async Task Unlimited_swap_is_passed_as_minus_one()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                mem_limit: 64m
                memswap_limit: -1
            """);
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal("-1", await Inspect($"{project.Name}-app-1", "{{.HostConfig.MemorySwap}}"));
    }

    /// <summary>
    /// Real-time budgets are created as written; whether they can start depends on the kernel's RT
    /// group scheduling (this one refuses the write at start), so only creation is checked.
    /// </summary>
    [Fact]
    public async Task Realtime_period_and_runtime_reach_the_created_container()
    {
        await using var project = new TempProject("""
            services:
              app:
                image: busybox:latest
                command: ["true"]
                cpu_rt_period: 1000000
                cpu_rt_runtime: 950ms
            """);
        await project.ComposerOkAsync("create");
        Assert.Equal("1000000 950000", await Inspect($"{project.Name}-app-1", "{{.HostConfig.CpuRealtimePeriod}} {{.HostConfig.CpuRealtimeRuntime}}"));
    }

    /// <summary>
    /// This machine has no GPU: the engine (20.10) creates the container with the requests and refuses
    /// to start it, naming the missing driver. Both halves are checked, so the request is neither lost
    /// nor its failure hidden.
    /// </summary>
    [Fact]
    public async Task Gpu_requests_reach_the_engine_and_its_refusal_is_shown()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                gpus: all
                deploy:
                  resources:
                    reservations:
                      devices: [{capabilities: [compute], driver: acme, count: 1}]
            """);
        await project.ComposerOkAsync("create");
        Assert.Equal("""[{"Driver":"acme","Count":1,"DeviceIDs":null,"Capabilities":[["compute"]],"Options":null},{"Driver":"","Count":-1,"DeviceIDs":null,"Capabilities":[["gpu"]],"Options":null}]""",
            await Inspect($"{project.Name}-app-1", "{{json .HostConfig.DeviceRequests}}"));
        var up = await project.ComposerAsync("up", "-d");
        Assert.NotEqual(0, up.ExitCode);
        Assert.Contains("could not select device driver", up.All);
        Assert.DoesNotContain("   at ", up.All);
    }

    /// <summary>
    /// storage_opt reaches the engine: where the storage driver supports a size (overlay on xfs with pquota)
    /// inspect shows it; elsewhere, as here, the engine's refusal names the option instead of it being lost.
    /// </summary>
    [Fact]
    public async Task Storage_opt_reaches_the_engine()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                storage_opt: {size: 1G}
            """);
        var up = await project.ComposerAsync("up", "-d");
        if (up.ExitCode == 0)
            Assert.Equal("map[size:1G]", await Inspect($"{project.Name}-app-1", "{{.HostConfig.StorageOpt}}"));
        else
        {
            Assert.Contains("--storage-opt is supported only", up.All);
            Assert.DoesNotContain("   at ", up.All);
        }
    }

    private static async Task<string> Inspect(string container, string format) =>
        (await Docker.RunAsync("inspect", "-f", format, container)).Trim();
}
