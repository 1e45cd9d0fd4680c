using Composer.Reconciler.Swarm;
using Composer.Testing;
using static Composer.Reconciler.Tests.Swarm.StackScenario;

namespace Composer.Reconciler.Tests.Swarm;

public sealed class ServiceSpecTests
{
    [Fact]
    public void Every_supported_option_maps_to_the_swarm_spec() => Snapshot.Verify(Json(Desired("""
        services:
          app:
            image: busybox:latest
            entrypoint: ["sh", "-c"]
            command: ["echo hi; sleep 60"]
            environment: { B: "2", A: "1" }
            labels: { tier: app }
            hostname: apphost
            working_dir: /srv
            user: "1000"
            init: true
            read_only: true
            stop_signal: SIGINT
            stop_grace_period: 3s
            extra_hosts: ["db.local:10.0.0.5"]
            dns: [10.0.0.2]
            cap_add: [NET_ADMIN]
            sysctls: { net.core.somaxconn: "1024" }
            ulimits: { nofile: { soft: 1024, hard: 2048 } }
            volumes:
              - data:/data
              - /srv/www:/www:ro
              - type: tmpfs
                target: /cache
            healthcheck:
              test: ["CMD-SHELL", "true"]
              interval: 2s
              timeout: 1s
              retries: 3
              start_period: 1s
            ports:
              - "8080:80"
              - { target: 9000, published: 19000, mode: host, protocol: udp }
            configs: [{ source: conf, target: /etc/app.conf, mode: 0440 }]
            secrets: [key]
            networks:
              back: { aliases: [application] }
            logging: { driver: json-file, options: { max-size: 1m } }
            deploy:
              replicas: 3
              labels: { owner: team }
              resources:
                limits: { cpus: "0.5", memory: 64M, pids: 100 }
                reservations: { cpus: "0.25", memory: 32M }
              restart_policy: { condition: on-failure, delay: 2s, max_attempts: 3, window: 10s }
              placement: { constraints: ["node.role == manager"], max_replicas_per_node: 2 }
              update_config: { parallelism: 2, delay: 1s, order: start-first, failure_action: rollback, monitor: 5s, max_failure_ratio: 0.5 }
              rollback_config: { order: stop-first }
              endpoint_mode: vip
        networks:
          back: { driver_opts: { encrypted: "" } }
        volumes:
          data: { labels: { keep: "yes" } }
        configs:
          conf: { content: "port=80" }
        secrets:
          key: { environment: TOKEN }
        """)), "spec-everything");

    [Fact]
    public void Global_dnsrr_service_with_host_port() => Snapshot.Verify(Json(Desired("""
        services:
          agent:
            image: busybox:latest
            ports: [{ target: 80, published: 8081, mode: host }]
            deploy: { mode: global, endpoint_mode: dnsrr }
        """)), "spec-global-dnsrr");

    [Fact]
    public void Options_swarm_ignores_give_one_warning_each()
    {
        var desired = Desired("""
            services:
              a:
                image: busybox:latest
                build: .
                container_name: fixed
                restart: always
                privileged: true
                depends_on: [b]
                links: [b]
              b:
                image: busybox:latest
                network_mode: host
                restart: "no"
                mem_limit: 64m
            """);
        Snapshot.Verify(string.Join("\n", desired.Warnings), "spec-ignored-warnings");
    }

    [Fact]
    public void Service_without_image_is_refused_with_a_registry_hint()
    {
        var error = Assert.Throws<StackDefinitionException>(() => Desired("services:\n  app:\n    build: .\n"));
        Assert.Contains("service app: no image", error.Message);
        Assert.Contains("registry", error.Message);
    }

    [Fact]
    public void Ingress_port_with_dnsrr_and_port_ranges_are_refused_before_anything_changes()
    {
        var error = Assert.Throws<StackDefinitionException>(() => Desired("""
            services:
              app:
                image: busybox:latest
                ports: ["8080:80", "9000-9001:9000"]
                deploy: { endpoint_mode: dnsrr }
            """));
        Assert.Contains("port 80 is published through the routing mesh (ingress), which needs endpoint_mode vip", error.Message);
        Assert.Contains("published port range '9000-9001' is not supported", error.Message);
    }

    [Fact]
    public void Start_first_update_without_parallelism_replaces_one_task_at_a_time()
    {
        var spec = Desired("services:\n  app:\n    image: busybox:latest\n    deploy: { update_config: { order: start-first } }\n").Services.Single().Spec;
        Assert.Equal(1, spec.UpdateConfig!.Parallelism);
        Assert.Equal("start-first", spec.UpdateConfig.Order);
    }
}
