using Composer.Reconciler.Swarm;
using Composer.Reconciler.Tests.Supervision;

namespace Composer.Reconciler.Tests.Swarm;

/// <summary>The container-only resource keys have no place in a swarm service: `stack deploy` says so rather than drop them.</summary>
public sealed class IgnoredResourceKeysTests
{
    [Fact]
    public void Each_container_only_key_is_named_in_a_warning()
    {
        var project = Compose.Load("""
            services:
              app:
                image: busybox
                cpu_period: 100000
                memswap_limit: -1
                device_cgroup_rules: ["c 1:3 mr"]
                cgroup: host
                blkio_config: {weight: 300}
                gpus: all
                use_api_socket: true
                deploy:
                  resources:
                    reservations:
                      devices: [{capabilities: [gpu]}]
            """);
        var warnings = IgnoredOptions.Warnings(project.Services.Values).ToList();
        foreach (var key in new[] { "cpu_period", "memswap_limit", "device_cgroup_rules", "cgroup (", "blkio_config", "gpus", "use_api_socket", "deploy.resources.reservations.devices" })
            Assert.Contains(warnings, w => w.Contains(key, StringComparison.Ordinal) && w.Contains("(app)", StringComparison.Ordinal));
    }
}
