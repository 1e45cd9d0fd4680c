using Composer.Reconciler.Swarm;
using Composer.Reconciler.Tests.Supervision;

namespace Composer.Reconciler.Tests.Swarm;

/// <summary>deploy.placement.preferences, reservations.generic_resources and template_driver reach the swarm's specs.</summary>
public sealed class SwarmOnlyKeysTests
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

    [Fact]
    public void Template_driver_becomes_the_objects_templating_driver()
    {
        var desired = StackScenario.Desired("""
            services:
              app:
                image: busybox
                configs: [plain, templated]
                secrets: [token]
            configs:
              plain:
                content: "as is"
              templated:
                content: "{{ .Service.Name }}"
                template_driver: golang
            secrets:
              token:
                environment: TOKEN
                template_driver: golang
            """);
        Assert.Null(desired.Configs.Single(c => c.Key == "plain").Spec.Templating);
        Assert.Equal("golang", desired.Configs.Single(c => c.Key == "templated").Spec.Templating!.Name);
        Assert.Equal("golang", Assert.Single(desired.Secrets).Spec.Templating!.Name);
    }
}
