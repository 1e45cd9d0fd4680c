using Composer.Reconciler.Swarm;
using Composer.Testing;
using static Composer.Reconciler.Tests.Swarm.StackScenario;

namespace Composer.Reconciler.Tests.Swarm;

public sealed class StackPlannerTests
{
    private const string ThreeServices = """
        services:
          web:
            image: busybox:latest
            command: ["httpd", "-f", "-p", "8080"]
            ports: [{ target: 8080, published: 18080, mode: host }]
            configs: [site]
            deploy:
              replicas: 2
              update_config: { order: start-first }
          api:
            image: busybox:latest
            secrets: [token]
            networks: [default, back]
          db:
            image: busybox:latest
            networks: [back]
            deploy: { mode: global }
        networks:
          back: {}
        configs:
          site: { content: "hello" }
        secrets:
          token: { environment: TOKEN }
        """;

    [Fact]
    public void Fresh_stack_creates_networks_objects_then_services() =>
        Snapshot.Verify(StackPlanner.Deploy(Desired(ThreeServices), ObservedStack.Empty, prune: false).ToString(), "stack-fresh");

    [Fact]
    public void Deployed_stack_plans_nothing()
    {
        var desired = Desired(ThreeServices);
        var plan = StackPlanner.Deploy(desired, Deployed(desired), prune: true);
        Assert.True(plan.IsEmpty, plan.ToString());
    }

    [Fact]
    public void Same_files_give_the_same_spec_hashes() =>
        Assert.Equal(Desired(ThreeServices).Services.Select(s => s.SpecHash), Desired(ThreeServices).Services.Select(s => s.SpecHash));

    [Fact]
    public void A_changed_service_is_the_only_one_updated()
    {
        var before = Desired(ThreeServices);
        var after = Desired(ThreeServices.Replace("secrets: [token]", "secrets: [token]\n    environment: { MODE: fast }"));
        Snapshot.Verify(StackPlanner.Deploy(after, Deployed(before), prune: false).ToString(), "stack-api-changed");
    }

    [Fact]
    public void Changed_config_content_is_a_new_object_and_rolls_its_users()
    {
        var before = Desired(ThreeServices);
        var after = Desired(ThreeServices.Replace("content: \"hello\"", "content: \"hello again\""));
        Assert.NotEqual(before.Configs.Single().Name, after.Configs.Single().Name);
        Assert.StartsWith("demo_site-", after.Configs.Single().Name);
        Snapshot.Verify(StackPlanner.Deploy(after, Deployed(before), prune: false).ToString(), "stack-config-changed");
    }

    [Fact]
    public void Replicas_changed_outside_composer_are_set_back()
    {
        var desired = Desired(ThreeServices);
        var observed = Deployed(desired);
        observed = observed with { Services = [.. observed.Services.Select(s => s.Name == "demo_web" ? s with { Replicas = 5 } : s)] };
        Assert.Equal("#1 update service demo_web (replicas 5 -> 2)", StackPlanner.Deploy(desired, observed, false).Operations.Single().ToString());
    }

    [Fact]
    public void Dropped_service_is_only_warned_about_without_prune()
    {
        var before = Desired(ThreeServices);
        var after = Desired(ThreeServices.Replace("  db:\n    image: busybox:latest\n    networks: [back]\n    deploy: { mode: global }\n", ""));
        Snapshot.Verify(StackPlanner.Deploy(after, Deployed(before), prune: false).ToString(), "stack-dropped-no-prune");
    }

    [Fact]
    public void Prune_removes_dropped_services_and_their_networks()
    {
        var before = Desired(ThreeServices);
        var after = Desired("""
            services:
              web:
                image: busybox:latest
                command: ["httpd", "-f", "-p", "8080"]
                ports: [{ target: 8080, published: 18080, mode: host }]
                configs: [site]
                deploy:
                  replicas: 2
                  update_config: { order: start-first }
            configs:
              site: { content: "hello" }
            """);
        Snapshot.Verify(StackPlanner.Deploy(after, Deployed(before), prune: true).ToString(), "stack-pruned");
    }

    [Fact]
    public void Service_without_composer_hash_is_taken_over_by_an_update()
    {
        var desired = Desired(ThreeServices);
        var observed = Deployed(desired);
        observed = observed with { Services = [.. observed.Services.Select(s => s.Name == "demo_db" ? s with { SpecHash = null } : s)] };
        Assert.Equal("#1 update service demo_db (not deployed by composer)", StackPlanner.Deploy(desired, observed, false).Operations.Single().ToString());
    }

    [Fact]
    public void Rm_removes_services_first_then_secrets_configs_networks() =>
        Snapshot.Verify(StackPlanner.Remove(Stack, Deployed(Desired(ThreeServices))).ToString(), "stack-rm");
}
