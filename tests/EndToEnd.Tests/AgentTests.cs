using Composer.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// The agent against the real engine: a real `composer agent` process per test, its own state
/// directory, projects registered through `up -d` or `agent add`, and the docker CLI (its
/// events and inspect) as the witness of what was restarted and when.
/// </summary>
public sealed class AgentTests(ITestOutputHelper output)
{
    private static string Exits(int code, double afterSeconds = 0) =>
        $"[\"sh\", \"-c\", \"sleep {afterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}; exit {code}\"]";

    [Fact]
    public async Task Each_policy_with_exit_0_exit_1_and_a_user_stop()
    {
        await using var agent = await AgentProcess.StartAsync();
        await using var project = new TempProject($$"""
            x-fast: &fast
              restart: {delay: 100ms, jitter: 0}
            services:
              no:
                image: busybox:latest
                command: {{Exits(1)}}
                restart: "no"
              onfailure-clean:
                image: busybox:latest
                command: {{Exits(0)}}
                restart: on-failure
              onfailure-2:
                image: busybox:latest
                command: {{Exits(1)}}
                restart: on-failure:2
                x-composer: *fast
              always:
                image: busybox:latest
                command: {{Exits(0, 0.5)}}
                restart: always
                x-composer: *fast
              unless-stopped:
                image: busybox:latest
                command: {{Busybox.Idle}}
                restart: unless-stopped
            """, "agent") { Environment = agent.Environment };
        await using var events = EventRecorder.Start(project.Name);
        var up = await project.ComposerOkAsync("up", "-d");
        Assert.Contains("registered with the agent", up.Stderr);
        string C(string service) => $"{project.Name}-{service}-1";

        await Eventually.TrueAsync(() => events.Times(C("always"), "start").Length >= 4,
            TimeSpan.FromSeconds(30), () => agent.Log);
        await Task.Delay(TimeSpan.FromSeconds(2)); // time for anything that should not happen to happen
        Assert.Single(events.Times(C("no"), "start"));
        Assert.Single(events.Times(C("onfailure-clean"), "start"));
        // The first run and two restarts, then left exited (a loaded engine may take a while to get there).
        await Eventually.TrueAsync(async () => events.Times(C("onfailure-2"), "start").Length == 3
            && await Docker.StateAsync(C("onfailure-2")) == "exited", TimeSpan.FromSeconds(30), () => agent.Log);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(3, events.Times(C("onfailure-2"), "start").Length);
        // One owner of restarts: the engine's policy is off while the agent supervises.
        foreach (var service in new[] { "onfailure-2", "always", "unless-stopped" })
            Assert.Equal("no", await Docker.RestartPolicyAsync(C(service)));

        await project.ComposerOkAsync("stop", "unless-stopped");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("exited", await Docker.StateAsync(C("unless-stopped")));

        // A clean stop hands the policies back to the engine; the next agent takes them again.
        await agent.StopAsync();
        Assert.Equal("unless-stopped", await Docker.RestartPolicyAsync(C("unless-stopped")));
        Assert.Equal("on-failure", await Docker.RestartPolicyAsync(C("onfailure-2")));
        await project.ComposerOkAsync("stop", "always");
        await agent.StartAgainAsync();
        await Eventually.TrueAsync(async () => await Docker.StateAsync(C("always")) == "running", TimeSpan.FromSeconds(20), () => agent.Log);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("exited", await Docker.StateAsync(C("unless-stopped"))); // stopped by the user, across agent restarts
        Assert.Equal("no", await Docker.RestartPolicyAsync(C("unless-stopped")));
        Assert.Equal(3, events.Times(C("onfailure-2"), "start").Length);
    }

    [Fact]
    public async Task Delays_between_restarts_grow_by_the_configured_factor()
    {
        await using var agent = await AgentProcess.StartAsync();
        await using var project = new TempProject($$"""
            services:
              crash:
                image: busybox:latest
                command: {{Exits(1, 1)}}
                network_mode: none
                restart: always
                x-composer:
                  restart: {delay: 1s, factor: 2, max_delay: 30s, jitter: 0}
            """, "agent") { Environment = agent.Environment };
        await using var events = EventRecorder.Start(project.Name);
        // Registered, not `up`: the agent makes the container, so its restarts are the agent's from the first.
        await project.ComposerOkAsync("agent", "add", project.Directory);
        var name = $"{project.Name}-crash-1";
        await Eventually.TrueAsync(() => events.Times(name, "start").Length >= 4, TimeSpan.FromSeconds(60), () => agent.Log);

        var starts = events.Times(name, "start");
        var dies = events.Times(name, "die");
        // From each die to the start that follows it, by the engine's clock: the backoff delay plus
        // the engine's own start time (about half a second on a busy two-core machine).
        var gaps = starts.Skip(1).Select(start => (start - dies.Where(d => d < start).Max()) / 1e9).ToArray();
        output.WriteLine("die -> start (s): " + string.Join(", ", gaps.Select(g => g.ToString("0.000"))));
        output.WriteLine(agent.Log);
        for (var i = 0; i < 3; i++)
        {
            // 1 s, 2 s, 4 s. A start cannot come before its delay is over; the engine's own start time
            // (half a second here, seconds on a loaded machine) is all that may come on top.
            var delay = Math.Pow(2, i);
            Assert.InRange(gaps[i], delay, delay + 5);
        }
        // What the agent planned, to the millisecond (jitter is off).
        Assert.Matches(@"restarting in 1\.000s[\s\S]*restarting in 2\.000s[\s\S]*restarting in 4\.000s", agent.Log);
    }

    [Fact]
    public async Task Killed_with_kill_9_mid_backoff_the_agent_resumes_the_delay_and_keeps_the_count()
    {
        await using var agent = await AgentProcess.StartAsync();
        await using var project = new TempProject($$"""
            services:
              crash:
                image: busybox:latest
                command: {{Exits(1, 0.5)}}
                network_mode: none
                restart: on-failure:3
                x-composer:
                  restart: {delay: 5s, factor: 1, jitter: 0}
            """, "agent") { Environment = agent.Environment };
        await using var events = EventRecorder.Start(project.Name);
        await project.ComposerOkAsync("agent", "add", project.Directory);
        var name = $"{project.Name}-crash-1";
        // The first run and one restart have failed: the agent is waiting out 5 s before the second.
        await Eventually.TrueAsync(async () => events.Times(name, "die").Length == 2
                && (await agent.ContainersAsync(project.Name)).GetValueOrDefault(name).ValueKind != System.Text.Json.JsonValueKind.Undefined
                && (await agent.ContainersAsync(project.Name))[name].GetProperty("state").GetString() == "backing-off",
            TimeSpan.FromSeconds(60), () => agent.Log + events.Timeline(name));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await agent.KillAsync();
        await agent.StartAgainAsync();

        await Eventually.TrueAsync(() => events.Times(name, "start").Length >= 3, TimeSpan.FromSeconds(30), () => agent.Log + events.Timeline(name));
        var secondDie = events.Times(name, "die")[1];
        var thirdStart = events.Times(name, "start")[2];
        output.WriteLine($"die -> start across the kill: {(thirdStart - secondDie) / 1e9:0.000}s");
        // The rest of the delay, not none of it (the engine's clock; 0.2 s for rounding).
        Assert.True((thirdStart - secondDie) / 1e9 >= 4.8, agent.Log + events.Timeline(name));
        // on-failure:3 is three restarts, however many agents made them: four runs in all.
        await Eventually.TrueAsync(async () => events.Times(name, "start").Length == 4 && await Docker.StateAsync(name) == "exited",
            TimeSpan.FromSeconds(40), () => agent.Log + events.Timeline(name));
        await Task.Delay(TimeSpan.FromSeconds(7)); // longer than a delay: time for a fifth start that must not come
        Assert.True(events.Times(name, "start").Length == 4, agent.Log + events.Timeline(name));
    }

    [Fact]
    public async Task The_agent_keeps_the_scale_of_the_last_up()
    {
        await using var agent = await AgentProcess.StartAsync(resyncSeconds: 1);
        await using var project = new TempProject($$"""
            services:
              s:
                image: busybox:latest
                command: {{Busybox.Idle}}
                restart: always
            """, "agent") { Environment = agent.Environment };
        await project.ComposerOkAsync("up", "-d", "--scale", "s=3");
        string[] three = [.. Enumerable.Range(1, 3).Select(n => $"{project.Name}-s-{n}")];
        await Task.Delay(TimeSpan.FromSeconds(4)); // resyncs, and the passes the creates poked
        Assert.Equal(three, await Docker.ContainersAsync(project.Name, all: false));
        await agent.KillAsync(); // and across an agent's restart
        await agent.StartAgainAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(three, await Docker.ContainersAsync(project.Name, all: false));

        // The scale verb: the agent keeps its counts too.
        await project.ComposerOkAsync("scale", "s=2");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(three[..2], await Docker.ContainersAsync(project.Name, all: false));

        // An up without --scale goes back to the file's count, as docker compose does, and so does the agent.
        await project.ComposerOkAsync("up", "-d");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal([$"{project.Name}-s-1"], await Docker.ContainersAsync(project.Name, all: false));
    }

    [Fact]
    public async Task Unhealthy_containers_are_restarted_only_when_opted_in()
    {
        await using var agent = await AgentProcess.StartAsync();
        const string Sick = """
                image: busybox:latest
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                restart: always
                healthcheck: {test: ["CMD", "false"], interval: 1s, timeout: 1s, retries: 1}
            """;
        await using var project = new TempProject($$"""
            services:
              opted-in:
            {{Sick}}
                x-composer:
                  restart_unhealthy: true
                  restart: {delay: 200ms}
              default:
            {{Sick}}
            """, "agent") { Environment = agent.Environment };
        await using var events = EventRecorder.Start(project.Name);
        await project.ComposerOkAsync("up", "-d");
        await Eventually.TrueAsync(() => events.Times($"{project.Name}-opted-in-1", "start").Length >= 3,
            TimeSpan.FromSeconds(90), () => agent.Log);
        Assert.Single(events.Times($"{project.Name}-default-1", "start"));
        Assert.Equal("unhealthy", await Docker.RunAsync("inspect", "-f", "{{.State.Health.Status}}", $"{project.Name}-default-1"));
    }

    [Fact]
    public async Task A_scheduled_job_runs_on_its_schedule_and_records_its_exit_code()
    {
        await using var agent = await AgentProcess.StartAsync();
        await using var project = new TempProject($$"""
            services:
              web:
                image: busybox:latest
                command: {{Busybox.Idle}}
              report:
                image: busybox:latest
                command: ["sh", "-c", "echo report for $$HOSTNAME; exit 3"]
                x-composer:
                  schedule: "*/2 * * * * ?"
            """, "agent") { Environment = agent.Environment };
        await project.ComposerOkAsync("agent", "add", project.Directory);

        await Eventually.TrueAsync(async () => (await project.ComposerAsync("jobs")).Stdout.Contains(" 3 3"), TimeSpan.FromSeconds(30), () => agent.Log);
        var jobs = await project.ComposerOkAsync("jobs", "--runs");
        output.WriteLine(jobs.Stdout);
        Assert.Matches($@"{project.Name}\s+report\s+\*/2 \* \* \* \* \?\s+in ", jobs.Stdout);
        Assert.Contains("exit code 3", jobs.Stdout);
        Assert.Contains("report for ", jobs.Stdout);
        // Scheduled services are not part of `up`; each run's container is removed afterwards.
        await Eventually.TrueAsync(async () => (await Docker.ContainersAsync(project.Name)).SequenceEqual([$"{project.Name}-web-1"]),
            TimeSpan.FromSeconds(10), () => string.Join(", ", Docker.ContainersAsync(project.Name).Result));
    }

    [Fact]
    public async Task A_job_still_running_when_its_schedule_fires_again_is_skipped_not_doubled()
    {
        await using var agent = await AgentProcess.StartAsync();
        await using var project = new TempProject($$"""
            services:
              slow:
                image: busybox:latest
                command: ["sh", "-c", "sleep 3"]
                x-composer:
                  schedule: "* * * * * ?"
            """, "agent") { Environment = agent.Environment };
        await project.ComposerOkAsync("agent", "add", project.Directory);
        var most = 0;
        for (var sample = 0; sample < 40; sample++)
        {
            var running = await Docker.RunAsync("ps", "-q", "--filter", $"label=com.docker.compose.project={project.Name}");
            most = Math.Max(most, running.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            await Task.Delay(200);
        }
        output.WriteLine($"most runs at once: {most}");
        Assert.Equal(1, most);
        Assert.Matches("composer_job_runs_total\\{result=\"skipped\"\\} [1-9]", await agent.GetTextAsync("/metrics"));
    }

    [Fact]
    public async Task A_job_run_left_by_a_killed_agent_is_removed_when_the_agent_comes_back()
    {
        await using var agent = await AgentProcess.StartAsync();
        await using var project = new TempProject("""
            services:
              long:
                image: busybox:latest
                command: ["sh", "-c", "sleep 60"]
                x-composer:
                  schedule: "* * * * * ?"
            """, "agent") { Environment = agent.Environment };
        await project.ComposerOkAsync("agent", "add", project.Directory);
        async Task<string[]> RunsAsync() =>
            (await Docker.RunAsync("ps", "-aq", "--no-trunc", "--filter", $"label=com.docker.compose.project={project.Name}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await Eventually.TrueAsync(async () => (await RunsAsync()).Length == 1, TimeSpan.FromSeconds(30), () => agent.Log);
        var orphan = (await RunsAsync())[0];

        await agent.KillAsync();
        await agent.StartAgainAsync();
        await Eventually.TrueAsync(async () => !(await RunsAsync()).Contains(orphan), TimeSpan.FromSeconds(30), () => agent.Log);
        Assert.Contains("removed 1 job runs left by an earlier agent", agent.Log);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True((await RunsAsync()).Length <= 1); // the new agent's own run, if it has started one
    }

    [Fact]
    public async Task Killed_mid_reconcile_then_restarted_leaves_exactly_the_declared_containers()
    {
        await using var agent = await AgentProcess.StartAsync();
        var services = string.Join("\n", Enumerable.Range(1, 6).Select(i => $$"""
              s{{i}}:
                image: busybox:latest
                command: {{Busybox.Idle}}
                restart: always
            """));
        await using var project = new TempProject($$"""
            services:
            {{services}}
                deploy: {replicas: 3}
            """, "agent") { Environment = agent.Environment };
        await project.ComposerOkAsync("agent", "add", project.Directory);
        await Eventually.TrueAsync(async () => (await Docker.ContainersAsync(project.Name)).Length >= 2, TimeSpan.FromSeconds(30), () => agent.Log);
        await agent.KillAsync();
        output.WriteLine("killed with containers: " + string.Join(", ", await Docker.ContainersAsync(project.Name)));

        await agent.StartAgainAsync();
        string[] declared = [.. Enumerable.Range(1, 5).Select(i => $"{project.Name}-s{i}-1"), .. Enumerable.Range(1, 3).Select(n => $"{project.Name}-s6-{n}")];
        await Eventually.TrueAsync(async () => (await Docker.ContainersAsync(project.Name, all: false)).Length == declared.Length,
            TimeSpan.FromSeconds(60), () => agent.Log);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(declared.Order(StringComparer.Ordinal), await Docker.ContainersAsync(project.Name));
        foreach (var name in declared) Assert.Equal("no", await Docker.RestartPolicyAsync(name));
    }

    [Fact]
    public async Task A_broken_file_keeps_the_last_good_project_and_a_fixed_one_is_applied()
    {
        await using var agent = await AgentProcess.StartAsync();
        const string Good = $$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                environment: {VERSION: "1"}
            """;
        await using var project = new TempProject(Good, "agent") { Environment = agent.Environment };
        await project.ComposerOkAsync("up", "-d");
        var name = $"{project.Name}-app-1";
        var before = await Docker.ContainerIdAsync(name);

        project.Write("compose.yaml", Good + "\n    ports: [oops: {]\n");
        await Eventually.TrueAsync(async () => (await project.ComposerAsync("agent", "status")).Stderr.Contains("compose.yaml:"),
            TimeSpan.FromSeconds(15), () => agent.Log + "\n" + File.ReadAllText(Path.Combine(project.Directory, "compose.yaml")));
        Assert.Equal(before, await Docker.ContainerIdAsync(name));
        Assert.Equal("running", await Docker.StateAsync(name));

        project.Write("compose.yaml", Good.Replace("VERSION: \"1\"", "VERSION: \"2\""));
        await Eventually.TrueAsync(async () => (await Docker.TryAsync("exec", name, "sh", "-c", "echo $VERSION")).Stdout.Trim() == "2",
            TimeSpan.FromSeconds(15), () => agent.Log);
        Assert.DoesNotContain("compose.yaml:", (await project.ComposerOkAsync("agent", "status")).Stderr);
    }

    [Fact]
    public async Task Down_unregisters_so_the_agent_does_not_bring_the_project_back()
    {
        await using var agent = await AgentProcess.StartAsync(resyncSeconds: 1);
        await using var project = new TempProject(Busybox.OneIdleBox, "agent") { Environment = agent.Environment };
        await project.ComposerOkAsync("up", "-d");
        Assert.Contains(project.Name, (await project.ComposerOkAsync("agent", "status")).Stdout);
        var down = await project.ComposerOkAsync("down");
        Assert.Contains("unregistered from the agent", down.Stderr);
        await Task.Delay(TimeSpan.FromSeconds(3)); // three resyncs
        Assert.Empty(await Docker.ContainersAsync(project.Name));
        Assert.DoesNotContain(project.Name, (await project.ComposerOkAsync("agent", "status")).Stdout);
    }

    [Fact]
    public async Task Metrics_and_status_speak_prometheus_and_json()
    {
        await using var agent = await AgentProcess.StartAsync();
        await using var project = new TempProject(Busybox.OneIdleBox, "agent") { Environment = agent.Environment };
        await project.ComposerOkAsync("up", "-d");
        await Eventually.TrueAsync(async () => (await agent.ContainersAsync(project.Name)).ContainsKey($"{project.Name}-box-1"),
            TimeSpan.FromSeconds(20), () => agent.Log);
        var containers = await agent.ContainersAsync(project.Name);
        Assert.Equal("running", containers[$"{project.Name}-box-1"].GetProperty("state").GetString());
        Assert.Equal("no", containers[$"{project.Name}-box-1"].GetProperty("policy").GetString());
        var metrics = await agent.GetTextAsync("/metrics");
        Assert.Matches($"composer_reconcile_passes_total{{project=\"{project.Name}\"}} [1-9]", metrics);
        Assert.Contains("# TYPE composer_restarts_total counter", metrics);
        var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(agent.Socket);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, mode);
    }
}
