using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Containers;
using Composer.Reconciler.Tests.Supervision;

namespace Composer.Reconciler.Tests.Specs;

/// <summary>The cgroup resource keys reach the engine's HostConfig, each in the field docker compose fills.</summary>
public sealed class ResourceKeysSpecTests
{
    private static HostConfig HostConfigOf(string service)
    {
        var project = Compose.Load("services:\n  app:\n    image: busybox\n" + service);
        var request = new ContainerSpecFactory(project).Create(project.Services["app"], 1, "hash", "busybox", name => name);
        return request.HostConfig!;
    }

    [Fact]
    public void Cpu_and_memory_knobs_land_in_their_host_config_fields()
    {
        var host = HostConfigOf("""
                cpu_period: 100000
                cpu_quota: 50000
                cpu_rt_period: 1000000
                cpu_rt_runtime: 950ms
                cpu_count: 2
                cpu_percent: 40
                mem_swappiness: 60
                memswap_limit: 1g
                device_cgroup_rules: ["c 1:3 mr"]
                cgroup: private
            """);
        Assert.Equal(100000, host.CpuPeriod);
        Assert.Equal(50000, host.CpuQuota);
        Assert.Equal(1000000, host.CpuRealtimePeriod);
        Assert.Equal(950000, host.CpuRealtimeRuntime);
        Assert.Equal(2, host.CpuCount);
        Assert.Equal(40, host.CpuPercent);
        Assert.Equal(60, host.MemorySwappiness);
        Assert.Equal(1L << 30, host.MemorySwap);
        Assert.Equal(["c 1:3 mr"], host.DeviceCgroupRules!);
        Assert.Equal("private", host.CgroupnsMode);
    }

    [Fact]
    public void Unlimited_swap_is_minus_one()
    {
        Assert.Equal(-1, HostConfigOf("    memswap_limit: -1\n").MemorySwap);
    }

    [Fact]
    public void Blkio_config_fills_the_weight_and_the_four_throttle_lists()
    {
        var host = HostConfigOf("""
                blkio_config:
                  weight: 300
                  weight_device: [{path: /dev/sda, weight: 400}]
                  device_read_bps: [{path: /dev/sda, rate: 1mb}]
                  device_write_bps: [{path: /dev/sdb, rate: 2mb}]
                  device_read_iops: [{path: /dev/sda, rate: 100}]
                  device_write_iops: [{path: /dev/sdb, rate: 200}]
            """);
        Assert.Equal(300, host.BlkioWeight);
        var weight = Assert.Single(host.BlkioWeightDevice!);
        Assert.Equal(("/dev/sda", 400), (weight.Path, weight.Weight));
        Assert.Equal(("/dev/sda", 1L << 20), Single(host.BlkioDeviceReadBps));
        Assert.Equal(("/dev/sdb", 2L << 20), Single(host.BlkioDeviceWriteBps));
        Assert.Equal(("/dev/sda", 100L), Single(host.BlkioDeviceReadIOps));
        Assert.Equal(("/dev/sdb", 200L), Single(host.BlkioDeviceWriteIOps));
    }

    [Fact]
    public void Unset_keys_send_nothing_so_the_engine_keeps_its_defaults()
    {
        var host = HostConfigOf("");
        Assert.Null(host.CpuPeriod);
        Assert.Null(host.MemorySwap);
        Assert.Null(host.MemorySwappiness);
        Assert.Null(host.CgroupnsMode);
        Assert.Null(host.BlkioWeight);
        Assert.Null(host.BlkioDeviceReadBps);
        Assert.Null(host.DeviceCgroupRules);
        Assert.Null(host.DeviceRequests);
        Assert.Null(host.StorageOpt);
    }

    [Fact]
    public void Reserved_devices_come_first_as_written_then_gpus_with_the_gpu_capability()
    {
        var host = HostConfigOf("""
                gpus:
                  - driver: nvidia
                    device_ids: ["0"]
                    capabilities: [compute]
                    options: {mode: fast}
                deploy:
                  resources:
                    reservations:
                      devices: [{capabilities: [tpu], driver: acme, count: 2}]
            """);
        var requests = host.DeviceRequests!;
        Assert.Equal(2, requests.Count);
        Assert.Equal(("acme", 2L, (List<string>?)null), (requests[0].Driver, requests[0].Count, requests[0].DeviceIDs));
        Assert.Equal(["tpu"], Assert.Single(requests[0].Capabilities!));
        Assert.Equal(("nvidia", 0L), (requests[1].Driver, requests[1].Count));
        Assert.Equal(["0"], requests[1].DeviceIDs!);
        Assert.Equal(["compute", "gpu"], Assert.Single(requests[1].Capabilities!));
        Assert.Equal("fast", requests[1].Options!["mode"]);
    }

    [Fact]
    public void Gpus_all_asks_for_every_gpu()
    {
        var request = Assert.Single(HostConfigOf("    gpus: all\n").DeviceRequests!);
        Assert.Equal(-1, request.Count);
        Assert.Equal(["gpu"], Assert.Single(request.Capabilities!));
    }

    [Fact]
    public void Use_api_socket_binds_the_engine_socket()
    {
        Assert.Contains("/var/run/docker.sock:/var/run/docker.sock", HostConfigOf("    use_api_socket: true\n").Binds!);
        Assert.DoesNotContain("/var/run/docker.sock:/var/run/docker.sock", HostConfigOf("    use_api_socket: false\n").Binds ?? []);
    }

    [Fact]
    public void Storage_opt_reaches_the_engine()
    {
        Assert.Equal("1G", HostConfigOf("    storage_opt: {size: 1G}\n").StorageOpt!["size"]);
    }

    private static (string?, long) Single(List<ThrottleDevice>? throttles)
    {
        var t = Assert.Single(throttles!);
        return (t.Path, t.Rate);
    }
}
