using Composer.Reconciler.Swarm;
using Composer.Reconciler.Tests.Supervision;

namespace Composer.Reconciler.Tests.Swarm;

/// <summary>deploy.placement.preferences reach the swarm service's task placement as spread descriptors, in order.</summary>
public sealed class PlacementPreferencesTests
{
    [Fact]
    public void Spread_preferences_are_sent_in_order()
    {
        var service = Compose.Service("""
            services:
              app:
                image: busybox
                deploy:
                  placement:
                    preferences:
                      - spread: node.labels.zone
                      - spread: node.labels.rack
            """);
        var placement = DeploySpec.Placement(service.Deploy)!;
        Assert.Equal(["node.labels.zone", "node.labels.rack"], placement.Preferences!.Select(p => p.Spread!.SpreadDescriptor));
        Assert.Null(placement.Constraints);
    }
}
