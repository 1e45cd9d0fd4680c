using Composer.Engine;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>start-first updates (deploy.update_config.order) on busybox services, against the real engine.</summary>
public sealed class RolloutTests
{
    /// <summary>An httpd that serves its version; healthy once it answers; stops at once on TERM.</summary>
    private static string Web(string version, int replicas = 2, string extra = "", string command = "", string delay = "1s") => $$"""
        services:
          web:
            image: busybox:latest
            environment:
              VERSION: "{{version}}"
            command: {{(command.Length > 0 ? command : Busybox.Serve("mkdir -p /www; echo $$VERSION > /www/index.html; httpd -f -p 80 -h /www"))}}
            healthcheck:
              test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1/"]
              interval: 1s
              timeout: 3s
              retries: 3
            stop_grace_period: 3s
            deploy:
              replicas: {{replicas}}
              update_config:
                order: start-first
                parallelism: 1
                delay: {{delay}}
                monitor: 30s
                failure_action: rollback
        {{extra}}
        """;

    private const string Broken = "[\"sh\", \"-c\", \"echo cannot start; exit 3\"]";

    [Fact]
    public async Task A_start_first_update_never_has_fewer_running_replicas_and_keeps_names_and_numbers()
    {
        await using var project = new TempProject(Web("one"), "e2eroll");
        await project.ComposerOkAsync("up", "-d", "--wait");
        var before = await Docker.ContainersAsync(project.Name);
        var oldIds = await Task.WhenAll(before.Select(Docker.ContainerIdAsync));
        Assert.Equal([$"{project.Name}-web-1", $"{project.Name}-web-2"], before);

        project.Write("compose.yaml", Web("two"));
        using var engine = EngineClient.FromEnvironment();
        using var sampling = new CancellationTokenSource();
        var fewest = SampleFewestRunningAsync(engine, project.Name, sampling.Token);
        var up = await project.ComposerOkAsync("up", "-d");
        await sampling.CancelAsync();
        var (minimum, samples) = await fewest;

        Assert.True(samples > 10, $"only {samples} samples");
        Assert.True(minimum >= 2, $"only {minimum} web containers ran at one moment during the rollout\n{up.All}");
        Assert.Contains(" Service web  Rolling out: batch 2/2: stopping " + before[1], up.All);
        Assert.Contains(" Service web  Rolled out", up.All);
        var after = await Docker.ContainersAsync(project.Name);
        Assert.Equal(before, after);
        foreach (var name in after)
        {
            Assert.DoesNotContain(await Docker.ContainerIdAsync(name), oldIds);
            Assert.Equal("two", (await Docker.ExecAsync(name, "cat", "/www/index.html")).Trim());
            var number = await Docker.RunAsync("inspect", "-f", "{{index .Config.Labels \"com.docker.compose.container-number\"}}", name);
            Assert.EndsWith($"-{number}", name);
        }

        // Converged: the same up again plans nothing.
        Assert.Contains("nothing to do", (await project.ComposerOkAsync("up", "-d", "--dry-run")).Stdout);
    }

    [Fact]
    public async Task A_replacement_that_never_gets_healthy_is_removed_and_the_old_containers_keep_serving()
    {
        await using var project = new TempProject(Web("one", replicas: 1), "e2eroll");
        await project.ComposerOkAsync("up", "-d", "--wait");
        var oldId = await Docker.ContainerIdAsync($"{project.Name}-web-1");

        project.Write("compose.yaml", Web("broken", replicas: 1, command: Broken));
        var up = await project.ComposerAsync("up", "-d");

        Assert.NotEqual(0, up.ExitCode);
        Assert.Contains("update of service web failed and was rolled back", up.All);
        Assert.Contains("exited with code 3", up.All);
        Assert.DoesNotContain("Unhandled", up.All);
        Assert.Equal([$"{project.Name}-web-1"], await Docker.ContainersAsync(project.Name));
        Assert.Equal(oldId, await Docker.ContainerIdAsync($"{project.Name}-web-1"));
        Assert.Equal("running", await Docker.StateAsync(oldId));
        Assert.Equal("one", (await Docker.ExecAsync(oldId, "cat", "/www/index.html")).Trim());
    }

    [Fact]
    public async Task Dry_run_shows_the_rollout_steps_and_a_fixed_host_port_falls_back_to_stop_first()
    {
        await using var project = new TempProject(Web("one", replicas: 1), "e2eroll");
        await project.ComposerOkAsync("up", "-d");
        project.Write("compose.yaml", Web("two", replicas: 1));
        var plan = (await project.ComposerOkAsync("up", "-d", "--dry-run")).Stdout;
        Assert.Contains("roll out service web (config changed)", plan);
        Assert.Contains("start-first: 1 at a time, monitor 30s, drain 1s, on failure rollback", plan);
        Assert.Contains($"batch 1: create and start ", plan);
        Assert.Contains($"drain 1s, stop {project.Name}-web-1 (grace 3s)", plan);

        var withPort = Web("two", replicas: 1).Replace("    stop_grace_period: 3s", "    stop_grace_period: 3s\n    ports: [\"127.0.0.1:18431:80\"]");
        project.Write("compose.yaml", withPort);
        var blocked = (await project.ComposerOkAsync("up", "-d", "--dry-run")).Stdout;
        Assert.Contains("stop-first: host port 18431 can be bound by one container only", blocked);
        Assert.DoesNotContain("roll out", blocked);
    }

    [Fact]
    public async Task Up_t_sets_the_grace_a_rollout_gives_the_old_container()
    {
        // httpd as PID 1 ignores TERM: only the kill at the end of the grace stops it.
        var deaf = Web("one", replicas: 1, command: "[\"sh\", \"-c\", \"mkdir -p /www; echo one > /www/index.html; exec httpd -f -p 80 -h /www\"]")
            .Replace("stop_grace_period: 3s", "stop_grace_period: 30s");
        await using var project = new TempProject(deaf, "e2eroll");
        await project.ComposerOkAsync("up", "-d", "--wait");
        var old = $"{project.Name}-web-1";
        await using var events = EventRecorder.Start(project.Name);

        await project.ComposerOkAsync("up", "-d", "--force-recreate", "-t", "1");

        await Eventually.TrueAsync(() => events.Times(old, "die").Length > 0, TimeSpan.FromSeconds(10), () => events.Timeline(old));
        var kills = events.Times(old, "kill");
        Assert.True(kills.Length >= 2, events.Timeline(old));
        var grace = TimeSpan.FromTicks((kills[^1] - kills[0]) / 100);
        Assert.True(grace < TimeSpan.FromSeconds(10), $"the old container got {grace.TotalSeconds:0.0} s, not -t 1:\n{events.Timeline(old)}");
    }

    [Fact]
    public async Task The_agent_rolls_out_a_changed_file_start_first_and_holds_back_a_version_that_failed()
    {
        await using var agent = await AgentProcess.StartAsync(resyncSeconds: 1);
        await using var project = new TempProject(Web("one", replicas: 1), "e2eroll") { Environment = agent.Environment };
        await project.ComposerOkAsync("up", "-d", "--wait");
        var name = $"{project.Name}-web-1";
        var first = await Docker.ContainerIdAsync(name);

        using var engine = EngineClient.FromEnvironment();
        using var sampling = new CancellationTokenSource();
        var fewest = SampleFewestRunningAsync(engine, project.Name, sampling.Token);
        project.Write("compose.yaml", Web("two", replicas: 1, delay: "3s"));
        await Eventually.TrueAsync(async () => (await StatusAsync(project)).Contains("rolling out: draining 3s"), TimeSpan.FromSeconds(60), () => agent.Log);
        await Eventually.TrueAsync(async () => (await StatusAsync(project)).Contains("rolled out 1"), TimeSpan.FromSeconds(60), () => agent.Log);
        await sampling.CancelAsync();
        Assert.True((await fewest).Minimum >= 1, "the agent's rollout left no web container running at one moment\n" + agent.Log);
        var second = await Docker.ContainerIdAsync(name);
        Assert.NotEqual(first, second);
        Assert.Equal("two", (await Docker.ExecAsync(name, "cat", "/www/index.html")).Trim());

        project.Write("compose.yaml", Web("broken", replicas: 1, command: Broken, delay: "3s"));
        await Eventually.TrueAsync(async () => (await StatusAsync(project)).Contains("rolled back"), TimeSpan.FromSeconds(60), () => agent.Log);
        var status = await StatusAsync(project);
        Assert.Contains("held at the previous version", status);
        await Task.Delay(TimeSpan.FromSeconds(4)); // four resyncs: a held-back version is not tried again
        Assert.Equal(1, agent.Log.Split("update of service web failed").Length - 1);
        Assert.Equal(second, await Docker.ContainerIdAsync(name));
        Assert.Equal("running", await Docker.StateAsync(name));
        Assert.Equal([name], await Docker.ContainersAsync(project.Name));
    }

    private static async Task<string> StatusAsync(TempProject project) => (await project.ComposerOkAsync("agent", "status")).Stdout;

    /// <summary>The fewest running web containers seen, asking the engine every 50 ms until cancelled.</summary>
    private static async Task<(int Minimum, int Samples)> SampleFewestRunningAsync(EngineClient engine, string project, CancellationToken stop)
    {
        var minimum = int.MaxValue;
        var samples = 0;
        while (!stop.IsCancellationRequested)
        {
            var running = await engine.ListContainersAsync(false, [$"com.docker.compose.project={project}", "com.docker.compose.service=web"], CancellationToken.None);
            minimum = Math.Min(minimum, running.Count);
            samples++;
            try { await Task.Delay(50, stop); } catch (OperationCanceledException) { }
        }
        return (minimum, samples);
    }
}
