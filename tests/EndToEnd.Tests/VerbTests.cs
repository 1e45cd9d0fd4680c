using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

public sealed class VerbTests
{
    [Fact]
    public async Task Up_build_builds_from_a_dockerfile_then_runs_it_and_logs_show_its_output()
    {
        await using var project = new TempProject("""
            services:
              hello:
                build: ./app
                command: ["sh", "-c", "cat /greeting; echo to-stderr >&2; trap 'exit 0' TERM; sleep 3600 & wait"]
            """);
        project.Write("app/Dockerfile", "FROM busybox:latest\nCOPY greeting /greeting\n");
        project.Write("app/greeting", "built by composer\n");
        await project.ComposerOkAsync("up", "--build", "-d");

        var logs = await NetworkingTests.RetryAsync(async () =>
        {
            var r = await project.ComposerOkAsync("logs", "hello");
            return r.Stdout.Contains("to-stderr") ? r.Stdout : throw new InvalidOperationException(r.Stdout);
        });
        Assert.Contains("hello-1  | built by composer", logs);
        Assert.Equal($"{project.Name}-hello", await Docker.RunAsync("inspect", "-f", "{{.Config.Image}}", $"{project.Name}-hello-1"));
    }

    [Fact]
    public async Task Exec_runs_in_the_service_container_and_returns_its_exit_code()
    {
        await using var project = new TempProject($$"""
            services:
              box:
                image: busybox:latest
                command: {{Busybox.Idle}}
                environment: { GREETING: hi }
            """);
        await project.ComposerOkAsync("up", "-d");
        var echo = await project.ComposerOkAsync("exec", "-T", "box", "sh", "-c", "echo $GREETING from $(hostname)");
        Assert.StartsWith("hi from", echo.Stdout.Trim());
        var failing = await project.ComposerAsync("exec", "-T", "box", "sh", "-c", "exit 3");
        Assert.Equal(3, failing.ExitCode);
    }

    [Fact]
    public async Task Exec_T_forwards_piped_stdin_and_the_process_sees_its_end()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        // `cat` only finishes when its stdin ends: the half-close after the last byte is what lets it.
        var echoed = await project.ComposerWithInputAsync("first line\nsecond line\n", "exec", "-T", "box", "sh", "-c", "cat; echo done >&2; exit 5");
        Assert.Equal(5, echoed.ExitCode);
        Assert.Equal("first line\nsecond line\n", echoed.Stdout);
        Assert.Equal("done\n", echoed.Stderr);

        // Large enough to take many writes: every byte arrives, in order (a dump piped into psql).
        var dump = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"row {i}\n"));
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.ASCII.GetBytes(dump)));
        var summed = (await project.ComposerWithInputAsync(dump, "exec", "-T", "box", "md5sum")).EnsureSuccess("exec -T md5sum");
        Assert.Equal(digest, summed.Stdout.Split(' ')[0]);
    }

    [Fact]
    public async Task Run_T_forwards_piped_stdin_to_the_one_off_container()
    {
        await using var project = new TempProject("""
            services:
              tool:
                image: busybox:latest
                command: ["echo", "default"]
            """);
        var lines = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i}\n"));
        var counted = await project.ComposerWithInputAsync(lines, "run", "--rm", "-T", "tool", "sh", "-c", "wc -l; exit 4");
        Assert.Equal(4, counted.ExitCode);
        Assert.Equal("1000", counted.Stdout.Trim());
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Ansi_always_decorates_piped_output_and_never_keeps_it_plain()
    {
        const string escape = "\u001b[";
        await using var project = new TempProject("""
            services:
              talker:
                image: busybox:latest
                command: ["sh", "-c", "echo said-once; trap 'exit 0' TERM; sleep 3600 & wait"]
            """);
        // Piped, so `auto` would be plain: `always` gets the live view and coloured prefixes anyway.
        var up = await project.ComposerOkAsync("--ansi", "always", "up", "-d");
        Assert.Contains(escape, up.Stderr);
        var logs = await NetworkingTests.RetryAsync(async () =>
        {
            var r = await project.ComposerOkAsync("--ansi", "always", "logs");
            return r.Stdout.Contains("said-once") ? r.Stdout : throw new InvalidOperationException(r.Stdout);
        });
        Assert.Contains(escape, logs);

        var plainLogs = await project.ComposerOkAsync("--ansi", "never", "logs");
        Assert.Contains("talker-1  | said-once", plainLogs.Stdout);
        Assert.DoesNotContain(escape, plainLogs.All);
        var plainStop = await project.ComposerOkAsync("--ansi", "never", "stop", "-t", "1");
        Assert.Contains("Stopped", plainStop.Stderr);
        Assert.DoesNotContain(escape, plainStop.All);

        var bad = await project.ComposerAsync("--ansi", "sometimes", "ps");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--ansi", bad.Stderr);
        Assert.DoesNotContain("   at ", bad.All);
    }

    [Fact]
    public async Task Ps_ls_config_and_version_speak_json_for_scripts()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");

        using var ls = System.Text.Json.JsonDocument.Parse((await project.ComposerOkAsync("ls", "--format", "json")).Stdout);
        var listed = ls.RootElement.EnumerateArray().Single(p => p.GetProperty("Name").GetString() == project.Name);
        Assert.Equal("running(1)", listed.GetProperty("Status").GetString());
        Assert.Equal(Path.Combine(project.Directory, "compose.yaml"), listed.GetProperty("ConfigFiles").GetString());

        // As docker compose: one JSON object per line (JSON Lines), not an array.
        using var ps = System.Text.Json.JsonDocument.Parse((await project.ComposerOkAsync("ps", "--format", "json")).Stdout);
        var box = ps.RootElement;
        Assert.Equal(("box", "running"), (box.GetProperty("Service").GetString(), box.GetProperty("State").GetString()));

        using var config = System.Text.Json.JsonDocument.Parse((await project.ComposerOkAsync("config", "--format", "json")).Stdout);
        Assert.Equal("busybox:latest", config.RootElement.GetProperty("services").GetProperty("box").GetProperty("image").GetString());

        using var version = System.Text.Json.JsonDocument.Parse((await project.ComposerOkAsync("version", "--format", "json")).Stdout);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.RootElement.GetProperty("version").GetString());

        // Any other --format is a Go template, as in docker compose: one naming no field is the error.
        var bad = await project.ComposerAsync("ps", "--format", "{{.Xml}}");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("Xml", bad.Stderr);
        Assert.DoesNotContain("   at ", bad.All);
    }

    [Fact]
    public async Task Ps_lists_services_and_stop_start_change_their_state()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        Assert.Contains($"{project.Name}-box-1", (await project.ComposerOkAsync("ps")).Stdout);

        await project.ComposerOkAsync("stop", "-t", "1");
        Assert.Equal("exited", await Docker.RunAsync("inspect", "-f", "{{.State.Status}}", $"{project.Name}-box-1"));
        Assert.DoesNotContain($"{project.Name}-box-1", (await project.ComposerOkAsync("ps")).Stdout);
        Assert.Contains($"{project.Name}-box-1", (await project.ComposerOkAsync("ps", "-a")).Stdout);

        await project.ComposerOkAsync("start");
        Assert.Equal("running", await Docker.RunAsync("inspect", "-f", "{{.State.Status}}", $"{project.Name}-box-1"));
    }

    [Fact]
    public async Task Run_rm_runs_a_one_off_container_and_removes_it()
    {
        await using var project = new TempProject("""
            services:
              tool:
                image: busybox:latest
                command: ["echo", "default"]
            """);
        var result = await project.ComposerOkAsync("run", "--rm", "-T", "tool", "echo", "one-off");
        Assert.Contains("one-off", result.Stdout);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Bad_input_gets_file_line_col_a_non_zero_exit_and_no_stack_trace()
    {
        await using var project = new TempProject("""
            services:
              web:
                image: busybox:latest
                restart: sometimes
            """);
        var result = await project.ComposerAsync("up", "-d");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("compose.yaml:4:", result.Stderr);
        Assert.Contains("restart", result.Stderr);
        Assert.DoesNotContain("   at ", result.All);
    }

    [Fact]
    public async Task A_bad_x_composer_setting_is_reported_at_its_position_and_changes_nothing()
    {
        await using var project = new TempProject("""
            services:
              backup:
                image: busybox:latest
                x-composer:
                  schedule: "0 0 1 * 1"
            """);
        foreach (var verb in new[] { new[] { "up", "-d" }, new[] { "agent", "add", "." } })
        {
            var result = await project.ComposerAsync(verb);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("compose.yaml:5:17: services.backup.x-composer.schedule: '0 0 1 * 1' is not a valid cron expression", result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Unknown_flag_is_named_and_fails()
    {
        await using var project = new TempProject("services: { web: { image: busybox:latest } }");
        var result = await project.ComposerAsync("up", "--detachh");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--detachh", result.Stderr);
    }

    [Fact]
    public async Task Scale_adds_and_removes_replicas_and_names_an_unknown_service()
    {
        await using var project = new TempProject(Busybox.OneIdleBox, "scale");
        await project.ComposerOkAsync("scale", "box=3");
        Assert.Equal(Enumerable.Range(1, 3).Select(n => $"{project.Name}-box-{n}").ToArray(), await Docker.ContainersAsync(project.Name, all: false));
        await project.ComposerOkAsync("scale", "box=1");
        Assert.Equal([$"{project.Name}-box-1"], await Docker.ContainersAsync(project.Name));
        var unknown = await project.ComposerAsync("scale", "nope=2");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no such service: nope", unknown.Stderr);
        var bad = await project.ComposerAsync("scale", "box=many");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("SERVICE=REPLICAS: expected SERVICE=NUM, got 'box=many'", bad.Stderr);
    }
}
