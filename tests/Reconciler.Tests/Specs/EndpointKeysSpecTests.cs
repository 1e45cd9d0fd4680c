using Composer.Model;
using Composer.Reconciler.Containers;
using Composer.Reconciler.State;
using Composer.Reconciler.Tests.Supervision;

namespace Composer.Reconciler.Tests.Specs;

/// <summary>
/// A service network's link_local_ips, driver_opts and interface_name reach the endpoint as docker compose sends
/// them; gw_priority and a network's enable_ipv4: false, which API 1.41 cannot carry, are refused at their position
/// by the verbs that create containers.
/// </summary>
public sealed class EndpointKeysSpecTests
{
    private static readonly Project Project = Compose.Load("""
        services:
          app:
            image: busybox
            networks:
              back:
                link_local_ips: [169.254.10.5]
                driver_opts:
                  com.example.opt: "1"
                  com.docker.network.endpoint.ifname: ignored
                interface_name: eth-back
          gateway:
            image: busybox
            networks:
              back:
                gw_priority: 10
          zero:
            image: busybox
            networks:
              back:
                gw_priority: 0
        networks:
          back: {}
        """);

    [Fact]
    public void Link_local_ips_driver_opts_and_interface_name_reach_the_endpoint()
    {
        var service = Project.Services["app"];
        var endpoint = new ContainerSpecFactory(Project).Endpoint(service, service.Networks["back"], []);
        Assert.Equal(["169.254.10.5"], endpoint.IPAMConfig!.LinkLocalIPs!);
        Assert.Equal(new Dictionary<string, string> { ["com.example.opt"] = "1", ["com.docker.network.endpoint.ifname"] = "eth-back" }, endpoint.DriverOpts);
    }

    [Fact]
    public void A_plain_attachment_sends_no_ipam_or_driver_options()
    {
        var service = Project.Services["zero"];
        var endpoint = new ContainerSpecFactory(Project).Endpoint(service, service.Networks["back"], []);
        Assert.Null(endpoint.IPAMConfig);
        Assert.Null(endpoint.DriverOpts);
    }

    [Fact]
    public void Gw_priority_is_refused_at_its_position_and_zero_is_not()
    {
        var error = Assert.Throws<UnrunnableException>(() => Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, ["gateway", "zero"])));
        Assert.True(error.Message.StartsWith("/virtual/demo/compose.yaml:15:9: service 'gateway': networks.back.gw_priority needs engine API 1.48", StringComparison.Ordinal), error.Message);
        Assert.DoesNotContain("zero", error.Message);
        Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, ["zero", "app"]));
    }

    [Fact]
    public void A_project_network_with_ipv4_off_is_refused_at_its_position_and_an_external_one_is_not()
    {
        var project = Compose.Load("""
            services:
              app:
                image: busybox
                networks: [v6only, outside, plain]
            networks:
              v6only:
                enable_ipv6: true
                enable_ipv4: false
              outside:
                external: true
                enable_ipv4: false
              plain:
                enable_ipv4: true
            """);
        var error = Assert.Throws<UnrunnableException>(() => Unrunnable.Refuse(project, DesiredStateBuilder.Build(project, ["app"])));
        Assert.True(error.Message.StartsWith("/virtual/demo/compose.yaml:8:5: network 'v6only': enable_ipv4: false needs engine API 1.47", StringComparison.Ordinal), error.Message);
        Assert.DoesNotContain("network 'outside'", error.Message);
        Assert.DoesNotContain("network 'plain'", error.Message);
    }
}
