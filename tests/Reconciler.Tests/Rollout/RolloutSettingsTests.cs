using Composer.Reconciler.Rollout;
using Composer.Reconciler.Tests.Supervision;

namespace Composer.Reconciler.Tests.Rollout;

public sealed class RolloutSettingsTests
{
    private static string? Blocker(string serviceBody) =>
        RolloutSettings.StartFirstBlocker(Compose.Service($"services:\n  app:\n    image: busybox\n{serviceBody}"));

    [Theory]
    [InlineData("", null)]
    [InlineData("    ports: [\"80\"]\n", null)]
    [InlineData("    ports: [\"127.0.0.1::80\"]\n", null)]
    [InlineData("    container_name: the-one\n", "container_name the-one is fixed")]
    [InlineData("    ports: [\"127.0.0.1:8080:80\"]\n", "host port 8080 can be bound by one container only")]
    [InlineData("    network_mode: host\n", "network_mode host")]
    [InlineData("    network_mode: none\n", "network_mode none")]
    [InlineData("    network_mode: \"service:db\"\n  db:\n    image: busybox\n", "network_mode service:db")]
    [InlineData("    network_mode: \"container:abc\"\n", "network_mode container:abc")]
    [InlineData("    mac_address: 02:42:ac:11:00:02\n", "fixed mac_address")]
    [InlineData("    networks:\n      front: {ipv4_address: 172.28.0.5}\nnetworks:\n  front:\n    ipam: {config: [{subnet: 172.28.0.0/16}]}\n",
        "fixed IP address on network front")]
    public void Names_what_keeps_two_containers_from_running_side_by_side(string body, string? expected) =>
        Assert.Equal(expected, Blocker(body));

    [Fact]
    public void Swarm_defaults_apply_and_the_drain_is_bounded_by_the_grace_period()
    {
        var defaults = RolloutSettings.Of(Compose.Service("services:\n  app:\n    image: busybox\n    deploy: {update_config: {order: start-first}}\n"));
        Assert.Equal(new RolloutSettings(1, TimeSpan.Zero, FailureAction.Pause, null, 0, TimeSpan.FromSeconds(10)), defaults);

        var set = RolloutSettings.Of(Compose.Service("""
            services:
              app:
                image: busybox
                stop_grace_period: 4s
                deploy:
                  update_config: {order: start-first, parallelism: 2, delay: 30s, monitor: 1m, failure_action: rollback, max_failure_ratio: 0.5}
            """));
        Assert.Equal(new RolloutSettings(2, TimeSpan.FromSeconds(4), FailureAction.Rollback, TimeSpan.FromMinutes(1), 0.5, TimeSpan.FromSeconds(4)), set);
        Assert.Equal("2 at a time, monitor 60s, drain 4s, on failure beyond 0.5 failed rollback", set.ToString());
    }
}
