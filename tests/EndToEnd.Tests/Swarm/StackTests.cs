using System.Diagnostics;
using Composer.Engine;
using Composer.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Composer.EndToEnd.Tests.Swarm;

/// <summary>`composer stack` against a real single-node swarm, checked through the docker CLI.</summary>
[Collection("Swarm")]
[Trait("Category", "Swarm")]
public sealed class StackTests(SwarmFixture swarm, ITestOutputHelper output)
{
    private readonly SwarmFixture _swarm = swarm;

    /// <summary>Idles until stopped; TERM ends it at once so rolling updates do not wait out grace periods.</summary>
    private const string Idle = "[\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 3600 & wait\"]";

    private static string Stack(int webPort) => $$"""
        services:
          web:
            image: busybox:latest
            command: ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /srv & wait"]
            ports: [{ target: 8080, published: {{webPort}}, mode: host }]
            configs: [{ source: page, target: /srv/index.html }]
            networks: [front]
            deploy: { endpoint_mode: dnsrr }
          api:
            image: busybox:latest
            command: ["sh", "-c", "trap 'exit 0' TERM; mkdir -p /www; hostname > /www/index.html; httpd -f -p 9000 -h /www & wait"]
            secrets: [token]
            networks: [front, back]
            deploy: { replicas: 2, endpoint_mode: dnsrr }
          probe:
            image: busybox:latest
            command: {{Idle}}
            networks: [front]
            deploy: { endpoint_mode: dnsrr }
        networks:
          front: {}
          back: {}
        configs:
          page: { content: "hello from a swarm config" }
        secrets:
          token: { file: ./token.txt }
        """;

    [Fact]
    public async Task Deploys_replicas_overlays_config_secret_host_port_and_dnsrr_names()
    {
        await using var stack = new TempStack(Stack(18191));
        stack.Write("token.txt", "s3cret-token");
        var clock = Stopwatch.StartNew();
        await stack.DeployAsync();
        output.WriteLine($"deploy of 3 services (4 tasks) until converged: {clock.Elapsed.TotalSeconds:0.0} s");

        // Converged when deploy returns: docker sees every replica running.
        var services = await Docker.RunAsync("stack", "services", stack.Name, "--format", "{{.Name}} {{.Replicas}}");
        Assert.Equal([$"{stack.Name}_api 2/2", $"{stack.Name}_probe 1/1", $"{stack.Name}_web 1/1"], Lines(services).Order(StringComparer.Ordinal));
        Assert.Contains(stack.Name, await Docker.RunAsync("stack", "ls", "--format", "{{.Name}}"));
        var network = await Docker.RunAsync("network", "inspect", $"{stack.Name}_front", "--format", "{{.Driver}} {{.Attachable}} {{.Scope}}");
        Assert.Equal("overlay true swarm", network);

        // The secret, readable inside a task container.
        Assert.Equal("s3cret-token", await Docker.ExecAsync(await stack.TaskContainerAsync("api"), "cat", "/run/secrets/token"));
        // The config, served by web on a host-mode port of 127.0.0.1.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal("hello from a swarm config", await RetryAsync(() => http.GetStringAsync("http://127.0.0.1:18191/")));
        // dnsrr: services reach each other by name over the overlay, and api's name gives both replicas.
        var probe = await stack.TaskContainerAsync("probe");
        Assert.Contains("hello from a swarm config", await RetryAsync(() => Docker.ExecAsync(probe, "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc web 8080")));
        var addresses = await Docker.ExecAsync(probe, "nslookup", "api");
        Assert.Equal(2, Lines(addresses).Count(l => l.StartsWith("Address", StringComparison.Ordinal) && !l.Contains("127.0.0.11")));

        // Our own listing verbs agree with docker's.
        var ps = (await stack.ComposerAsync("stack", "ps", stack.Name)).EnsureSuccess("stack ps").Stdout;
        Assert.Equal(4, Lines(ps).Count(l => l.Contains("busybox:latest") && l.Split("Running").Length == 3));
        Assert.Contains($"{stack.Name}_api.2", ps);
        var listed = (await stack.ComposerAsync("stack", "services", stack.Name)).EnsureSuccess("stack services").Stdout;
        Assert.Contains(Lines(listed), l => l.Contains($"{stack.Name}_api") && l.Contains("replicated   2/2"));
        Assert.Contains(Lines(listed), l => l.Contains($"{stack.Name}_web") && l.Contains("18191->8080/tcp (host)"));

        var again = await stack.DeployAsync();
        Assert.Contains($"Stack {stack.Name} is up to date", again.Stderr);
    }

    [Fact]
    public async Task Changing_one_service_updates_only_that_service()
    {
        await using var stack = new TempStack(Stack(18192));
        stack.Write("token.txt", "t");
        await stack.DeployAsync();
        var before = await VersionsAsync(stack);

        stack.Write("compose.yaml", Stack(18192).Replace("command: " + Idle, "command: " + Idle + "\n    environment: { CHANGED: \"yes\" }"));
        var result = await stack.DeployAsync();
        var after = await VersionsAsync(stack);
        output.WriteLine(result.Stderr);

        Assert.NotEqual(before["probe"], after["probe"]);
        Assert.Equal(before["web"], after["web"]);
        Assert.Equal(before["api"], after["api"]);
        Assert.Contains("CHANGED=yes", await Docker.RunAsync("service", "inspect", stack.Service("probe"), "--format", "{{.Spec.TaskTemplate.ContainerSpec.Env}}"));
    }

    [Fact]
    public async Task Prune_removes_a_service_dropped_from_the_file()
    {
        await using var stack = new TempStack($$"""
            services:
              keep: { image: "busybox:latest", command: {{Idle}} }
              drop: { image: "busybox:latest", command: {{Idle}} }
            """);
        await stack.DeployAsync();
        stack.Write("compose.yaml", $"services:\n  keep: {{ image: \"busybox:latest\", command: {Idle} }}\n");

        var kept = await stack.DeployAsync();
        Assert.Contains("--prune", kept.Stderr);
        Assert.Equal(2, Lines(await Docker.RunAsync("stack", "services", stack.Name, "--format", "{{.Name}}")).Length);

        await stack.DeployAsync("--prune");
        Assert.Equal([stack.Service("keep")], Lines(await Docker.RunAsync("stack", "services", stack.Name, "--format", "{{.Name}}")));
    }

    [Fact]
    public async Task Stack_rm_removes_services_networks_configs_and_secrets()
    {
        await using var stack = new TempStack(Stack(18193));
        stack.Write("token.txt", "t");
        await stack.DeployAsync();
        var filter = $"label=com.docker.stack.namespace={stack.Name}";
        Assert.NotEmpty(await Docker.RunAsync("config", "ls", "-q", "--filter", filter));

        (await stack.ComposerAsync("stack", "rm", stack.Name)).EnsureSuccess("composer stack rm");

        foreach (var kind in new[] { "service", "network", "config", "secret" })
            Assert.Equal("", await Docker.RunAsync(kind, "ls", "-q", "--filter", filter));
        var again = await stack.ComposerAsync("stack", "rm", stack.Name);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("Nothing found in stack", again.Stderr);
    }

    [Fact]
    public async Task Start_first_rolling_update_never_drops_below_two_running_tasks()
    {
        string Compose(string version) => $$"""
            services:
              app:
                image: busybox:latest
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 2; touch /tmp/ready; sleep 3600 & wait"]
                environment: { VERSION: "{{version}}" }
                healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, timeout: 1s, retries: 10 }
                deploy:
                  replicas: 2
                  update_config: { order: start-first, parallelism: 1, monitor: 1s }
            """;
        await using var stack = new TempStack(Compose("1"));
        await stack.DeployAsync();

        stack.Write("compose.yaml", Compose("2"));
        var samples = new List<int>();
        var clock = Stopwatch.StartNew();
        var deploy = stack.DeployAsync();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (!deploy.IsCompleted && await timer.WaitForNextTickAsync())
            samples.Add(await RunningTasksAsync(stack.Service("app")));
        await deploy;
        samples.Add(await RunningTasksAsync(stack.Service("app")));

        output.WriteLine($"rolling update of 2 replicas took {clock.Elapsed.TotalSeconds:0.0} s; {samples.Count} samples; " +
            $"running tasks: min {samples.Min()}, max {samples.Max()}");
        Assert.True(samples.Count >= 10, $"only {samples.Count} samples: the update ended too fast to observe");
        Assert.True(samples.Min() >= 2, $"running tasks dropped to {samples.Min()}: {string.Join(",", samples)}");
        Assert.True(samples.Max() >= 3, "start-first should run a new task beside the old ones");
        var env = await Docker.RunAsync("service", "ps", stack.Service("app"), "--filter", "desired-state=running", "--format", "{{.CurrentState}}");
        Assert.Equal(2, Lines(env).Count(l => l.StartsWith("Running", StringComparison.Ordinal)));
        Assert.Contains("VERSION=2", await Docker.ExecAsync(await stack.TaskContainerAsync("app"), "env"));
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_and_changes_nothing()
    {
        await using var stack = new TempStack($"services:\n  one: {{ image: \"busybox:latest\", command: {Idle}, restart: always }}\n");
        var result = (await stack.ComposerAsync("stack", "deploy", "-c", "compose.yaml", "--dry-run", stack.Name)).EnsureSuccess("dry run");
        Assert.Contains($"create service {stack.Name}_one (missing)", result.Stdout);
        Assert.Contains("ignored in swarm mode: restart (one)", result.Stdout);
        Assert.Equal("", await Docker.RunAsync("service", "ls", "-q", "--filter", $"label=com.docker.stack.namespace={stack.Name}"));
    }

    /// <summary>
    /// Tasks of a service whose container state is running (old and new alike): what serves requests.
    /// Asked through the API, not the docker CLI, so a loaded machine still samples every 200 ms.
    /// </summary>
    private async Task<int> RunningTasksAsync(string service) =>
        (await _swarm.Client.ListTasksAsync(new TaskFilters { Service = [service] }, CancellationToken.None))
            .Count(task => task.Status?.State == "running");

    private static async Task<Dictionary<string, string>> VersionsAsync(TempStack stack)
    {
        var versions = new Dictionary<string, string>();
        foreach (var service in new[] { "web", "api", "probe" })
            versions[service] = await Docker.RunAsync("service", "inspect", stack.Service(service), "--format", "{{.Version.Index}} {{.UpdatedAt}}");
        return versions;
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await call(); }
            catch (Exception) when (attempt < 20) { await Task.Delay(500); }
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
