using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>Flags of up, logs, restart, start, stop, kill and exec, with docker compose's meaning, against the real engine.</summary>
public sealed class VerbFlagTests
{
    private static string Says(string text, string exit = "0") => $"[\"sh\", \"-c\", \"echo {text}; exit {exit}\"]";

    [Fact]
    public async Task Attached_up_shows_only_what_attach_and_no_attach_leave_and_prints_as_asked()
    {
        await using var project = new TempProject($$"""
            services:
              a:
                image: busybox:latest
                command: {{Says("said-by-a")}}
              b:
                image: busybox:latest
                command: {{Says("said-by-b")}}
            """);
        var onlyA = await project.ComposerOkAsync("up", "--attach", "a");
        Assert.Contains("said-by-a", onlyA.Stdout);
        Assert.DoesNotContain("said-by-b", onlyA.Stdout);

        var notA = await project.ComposerOkAsync("up", "--no-attach", "a", "--no-log-prefix");
        Assert.DoesNotContain("said-by-a", notA.Stdout);
        Assert.Contains("said-by-b", notA.Stdout);
        Assert.Contains(notA.Stdout.Split('\n'), line => line == "said-by-b");

        var stamped = await project.ComposerOkAsync("up", "--timestamps", "--attach", "b");
        Assert.Matches(@"\| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z said-by-b", stamped.Stdout);

        var unknown = await project.ComposerAsync("up", "--attach", "nosuch");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no such service: nosuch", unknown.Stderr);
    }

    [Fact]
    public async Task Up_of_a_service_attaches_to_its_dependencies_only_with_attach_dependencies()
    {
        await using var project = new TempProject($$"""
            services:
              dep:
                image: busybox:latest
                command: {{Says("said-by-dep")}}
              app:
                image: busybox:latest
                command: ["sh", "-c", "sleep 1; echo said-by-app"]
                depends_on: [dep]
            """);
        var plain = await project.ComposerOkAsync("up", "app");
        Assert.Contains("said-by-app", plain.Stdout);
        Assert.DoesNotContain("said-by-dep", plain.Stdout);
        var withDeps = await project.ComposerOkAsync("up", "--attach-dependencies", "app");
        Assert.Contains("said-by-dep", withDeps.Stdout);
    }

    [Fact]
    public async Task No_color_keeps_prefixes_plain_on_a_terminal()
    {
        await using var project = new TempProject($$"""
            services:
              a:
                image: busybox:latest
                command: {{Says("said-by-a")}}
            """);
        Assert.Contains("\u001b[", (await project.ComposerOkAsync("--ansi", "always", "up")).Stdout);
        Assert.DoesNotContain("\u001b[", (await project.ComposerOkAsync("--ansi", "always", "up", "--no-color")).Stdout);
        Assert.DoesNotContain("\u001b[", (await project.ComposerOkAsync("--ansi", "always", "logs", "--no-color")).Stdout);
        Assert.Contains("\u001b[", (await project.ComposerOkAsync("--ansi", "always", "logs")).Stdout);
    }

    [Fact]
    public async Task Abort_on_container_failure_stops_the_rest_and_exits_with_the_failed_code()
    {
        await using var project = new TempProject($$"""
            services:
              fails:
                image: busybox:latest
                command: ["sh", "-c", "sleep 1; exit 3"]
              idles:
                image: busybox:latest
                command: {{Busybox.Idle}}
            """);
        var result = await project.ComposerAsync("up", "--abort-on-container-failure", "-t", "1");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("Aborting on container failure", result.Stderr);
        Assert.Equal("exited", await Docker.StateAsync($"{project.Name}-idles-1"));

        var both = await project.ComposerAsync("up", "--abort-on-container-failure", "--abort-on-container-exit");
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("incompatible", both.Stderr);
    }

    [Fact]
    public async Task Always_recreate_deps_recreates_the_dependencies_of_the_services_named()
    {
        await using var project = new TempProject($$"""
            services:
              db:
                image: busybox:latest
                command: {{Busybox.Idle}}
              web:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on: [db]
            """);
        await project.ComposerOkAsync("up", "-d");
        var db = await Docker.ContainerIdAsync($"{project.Name}-db-1");
        await project.ComposerOkAsync("up", "-d", "web");
        Assert.Equal(db, await Docker.ContainerIdAsync($"{project.Name}-db-1"));
        await project.ComposerOkAsync("up", "-d", "--always-recreate-deps", "web");
        Assert.NotEqual(db, await Docker.ContainerIdAsync($"{project.Name}-db-1"));
    }

    [Fact]
    public async Task Unused_networks_and_volumes_are_made_only_with_all_resources()
    {
        await using var project = new TempProject($$"""
            services:
              box:
                image: busybox:latest
                command: {{Busybox.Idle}}
            networks:
              spare: {}
            volumes:
              spare: {}
            """);
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal("", await Docker.RunAsync("volume", "ls", "-q", "--filter", $"name={project.Name}_spare"));
        Assert.Equal("", await Docker.RunAsync("network", "ls", "-q", "--filter", $"name={project.Name}_spare"));
        var all = await project.ComposerOkAsync("--all-resources", "up", "-d");
        Assert.Contains($"Volume {project.Name}_spare", all.Stderr);
        Assert.NotEqual("", await Docker.RunAsync("volume", "ls", "-q", "--filter", $"name={project.Name}_spare"));
        Assert.NotEqual("", await Docker.RunAsync("network", "ls", "-q", "--filter", $"name={project.Name}_spare"));
        await Docker.TryAsync("volume", "rm", $"{project.Name}_spare");
    }

    [Fact]
    public async Task Logs_picks_a_replica_with_index_and_stops_at_until()
    {
        await using var project = new TempProject($$"""
            services:
              box:
                image: busybox:latest
                command: ["sh", "-c", "echo early-$$HOSTNAME; sleep 3; echo late; sleep 3600"]
                deploy: { replicas: 2 }
            """);
        await project.ComposerOkAsync("up", "-d");
        await Eventually.TrueAsync(async () => (await project.ComposerOkAsync("logs")).Stdout.Split("late").Length == 3, TimeSpan.FromSeconds(20), () => "no late lines");
        var second = await Docker.RunAsync("inspect", "-f", "{{.Config.Hostname}}", $"{project.Name}-box-2");
        var index = (await project.ComposerOkAsync("logs", "--index", "2", "box")).Stdout;
        Assert.Contains($"early-{second}", index);
        Assert.Single(index.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains("early-"));

        var started = DateTimeOffset.Parse(await Docker.RunAsync("inspect", "-f", "{{.State.StartedAt}}", $"{project.Name}-box-1"));
        var until = (await project.ComposerOkAsync("logs", "--until", started.AddSeconds(1.5).ToString("O"), "--index", "1", "box")).Stdout;
        Assert.Contains("early-", until);
        Assert.DoesNotContain("late", until);
        var relative = (await project.ComposerOkAsync("logs", "--since", "1h", "--index", "1", "box")).Stdout;
        Assert.Contains("late", relative);

        var bad = await project.ComposerAsync("logs", "--until", "yesterday-ish");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("for --until", bad.Stderr);
    }

    [Fact]
    public async Task Restart_takes_the_dependents_that_ask_for_it_unless_no_deps()
    {
        await using var project = new TempProject($$"""
            services:
              db:
                image: busybox:latest
                command: {{Busybox.Idle}}
              follows:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on: { db: { condition: service_started, restart: true } }
              ignores:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on: [db]
            """);
        await project.ComposerOkAsync("up", "-d");
        var before = await StartedAtAsync(project);
        await project.ComposerOkAsync("restart", "--no-deps", "-t", "1", "db");
        var afterNoDeps = await StartedAtAsync(project);
        Assert.NotEqual(before["db"], afterNoDeps["db"]);
        Assert.Equal(before["follows"], afterNoDeps["follows"]);

        await project.ComposerOkAsync("restart", "-t", "1", "db");
        var after = await StartedAtAsync(project);
        Assert.NotEqual(afterNoDeps["follows"], after["follows"]);
        Assert.Equal(afterNoDeps["ignores"], after["ignores"]);
        // In dependency order: the dependent came back after the dependency.
        Assert.True(DateTimeOffset.Parse(after["follows"]) > DateTimeOffset.Parse(after["db"]), $"follows {after["follows"]} before db {after["db"]}");
    }

    [Fact]
    public async Task Stop_gives_a_container_its_stop_grace_period_not_ten_seconds()
    {
        await using var project = new TempProject("""
            services:
              deaf:
                image: busybox:latest
                command: ["sleep", "3600"]
                stop_grace_period: 1s
            """);
        await project.ComposerOkAsync("up", "-d");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await project.ComposerOkAsync("stop");
        // PID 1 ignores TERM, so the engine kills it when the grace ends: 1 s here, 10 s by default.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(7), $"stop took {clock.Elapsed}");
        Assert.Equal("137", await Docker.RunAsync("inspect", "-f", "{{.State.ExitCode}}", $"{project.Name}-deaf-1"));
    }

    [Fact]
    public async Task Start_wait_returns_once_the_service_is_healthy()
    {
        await using var project = new TempProject("""
            services:
              slow:
                image: busybox:latest
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 2; touch /ready; sleep 3600 & wait"]
                healthcheck: { test: ["CMD", "test", "-e", "/ready"], interval: 1s, retries: 30 }
            """);
        await project.ComposerOkAsync("create");
        await project.ComposerOkAsync("start", "--wait");
        Assert.Equal("healthy", await Docker.RunAsync("inspect", "-f", "{{.State.Health.Status}}", $"{project.Name}-slow-1"));
    }

    [Fact]
    public async Task Kill_remove_orphans_removes_containers_of_services_no_longer_declared()
    {
        await using var project = new TempProject($$"""
            services:
              kept:
                image: busybox:latest
                command: {{Busybox.Idle}}
              dropped:
                image: busybox:latest
                command: {{Busybox.Idle}}
            """);
        await project.ComposerOkAsync("up", "-d");
        project.Write("compose.yaml", $$"""
            services:
              kept:
                image: busybox:latest
                command: {{Busybox.Idle}}
            """);
        await project.ComposerOkAsync("kill", "--remove-orphans");
        Assert.Equal([$"{project.Name}-kept-1"], await Docker.ContainersAsync(project.Name));
        Assert.Equal("exited", await Docker.StateAsync($"{project.Name}-kept-1"));
    }

    [Fact]
    public async Task Exec_and_run_spell_no_tty_in_lower_case_too()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal("hi", (await project.ComposerOkAsync("exec", "--no-tty", "box", "echo", "hi")).Stdout.Trim());
        Assert.Equal("hi", (await project.ComposerOkAsync("run", "--rm", "--no-tty", "box", "echo", "hi")).Stdout.Trim());
    }

    private static async Task<Dictionary<string, string>> StartedAtAsync(TempProject project)
    {
        var result = new Dictionary<string, string>();
        foreach (var service in new[] { "db", "follows", "ignores" })
            result[service] = await Docker.RunAsync("inspect", "-f", "{{.State.StartedAt}}", $"{project.Name}-{service}-1");
        return result;
    }
}
