using Composer.Reconciler.Containers;
using Composer.Reconciler.Tests.Supervision;

namespace Composer.Reconciler.Tests.Specs;

/// <summary>A z/Z label on a named volume reaches the engine, as docker compose sends it (create.go volumeBindString).</summary>
public sealed class VolumeLabelSpecTests
{
    [Fact]
    public void A_named_volume_with_a_selinux_label_is_bound_by_name_with_the_label()
    {
        var project = Compose.Load("""
            services:
              app:
                image: busybox
                volumes:
                  - data:/data:Z
                  - logs:/logs:ro,z
                  - cache:/cache
                  - copy:/copy:nocopy
            volumes:
              data:
              logs:
              cache:
              copy:
            """);
        var host = new ContainerSpecFactory(project).Create(project.Services["app"], 1, "hash", "busybox", name => name).HostConfig!;
        Assert.Contains("demo_data:/data:Z", host.Binds!);
        Assert.Contains("demo_logs:/logs:ro,z", host.Binds!);
        Assert.DoesNotContain(host.Mounts!, m => m.Target is "/data" or "/logs");
        Assert.Contains(host.Mounts!, m => m is { Type: "volume", Source: "demo_cache", Target: "/cache" });
        Assert.Contains(host.Mounts!, m => m is { Type: "volume", Source: "demo_copy", Target: "/copy" });
    }

    [Fact]
    public void Volume_labels_of_a_mount_reach_its_volume_options()
    {
        var project = Compose.Load("""
            services:
              app:
                image: busybox
                volumes:
                  - type: volume
                    source: cache
                    target: /cache
                    volume:
                      labels: {tier: cache}
            volumes:
              cache:
            """);
        var host = new ContainerSpecFactory(project).Create(project.Services["app"], 1, "hash", "busybox", name => name).HostConfig!;
        var mount = Assert.Single(host.Mounts!, m => m.Target == "/cache");
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "cache" }, mount.VolumeOptions!.Labels);
        Assert.Null(mount.VolumeOptions.NoCopy);
    }
}
