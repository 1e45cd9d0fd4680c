using Composer.Reconciler.Swarm;
using Composer.Reconciler.Tests.Supervision;

namespace Composer.Reconciler.Tests.Swarm;

/// <summary>deploy.placement.preferences and reservations.generic_resources reach the swarm service's spec.</summary>
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

    [Fact]
    public void Generic_resources_are_reserved_as_discrete_resources()
    {
        var service = Compose.Service("""
            services:
              app:
                image: busybox
                deploy:
                  resources:
                    reservations:
                      generic_resources:
                        - discrete_resource_spec: {kind: SSD, value: 2}
            """);
        var reserved = DeploySpec.Resources(service.Deploy!.Resources)!.Reservations!.GenericResources!;
        Assert.Equal(["SSD=2"], reserved.Select(g => $"{g.DiscreteResourceSpec!.Kind}={g.DiscreteResourceSpec.Value}"));
    }
}
