using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`composer watch` and `up --watch` against the real engine: every action, deletion, ignores, rebuild, Ctrl-C, bad input.</summary>
public sealed class WatchTests
{
    private const string Sleeper = """["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]""";

    /// <summary>What `cat` prints in the container, or null when the file is not there.</summary>
    private static async Task<string?> ReadAsync(string container, string path)
    {
        var result = await Docker.TryAsync("exec", container, "cat", path);
        return result.ExitCode == 0 ? result.Stdout.Trim() : null;
    }

    private static Task SeenAsync(BackgroundComposer composer, string container, string path, string? content) =>
        Eventually.TrueAsync(async () => await ReadAsync(container, path) == content, TimeSpan.FromSeconds(20),
            () => $"{path} in {container} is not '{content ?? "(absent)"}'\n{composer.Output}");

    [Fact]
    public async Task Sync_copies_new_changed_and_deleted_files_and_directories_after_an_initial_sync()
    {
        await using var project = new TempProject($$"""
            services:
              box:
                image: busybox:latest
                command: {{Sleeper}}
                develop:
                  watch:
                    - {path: ./src, action: sync, target: /srv/code, initial_sync: true}
            """, "watchsync");
        project.Write("src/first.txt", "first");
        project.Write("src/old/stale.txt", "stale");
        var box = $"{project.Name}-box-1";
        using var composer = new BackgroundComposer(project, "watch");
        await composer.WaitForOutputAsync("Watch enabled");
        Assert.Equal("first", await ReadAsync(box, "/srv/code/first.txt"));

        project.Write("src/first.txt", "changed");
        project.Write("src/new/deeper/file.txt", "deep");
        await SeenAsync(composer, box, "/srv/code/first.txt", "changed");
        await SeenAsync(composer, box, "/srv/code/new/deeper/file.txt", "deep");

        File.Delete(Path.Combine(project.Directory, "src/first.txt"));
        Directory.Delete(Path.Combine(project.Directory, "src/old"), recursive: true);
        await SeenAsync(composer, box, "/srv/code/first.txt", null);
        await SeenAsync(composer, box, "/srv/code/old/stale.txt", null);
        Assert.NotEqual(0, (await Docker.TryAsync("exec", box, "test", "-e", "/srv/code/old")).ExitCode);
        Assert.Matches(@"box: synced to /srv/code: .*removed .*src/first\.txt.* in \d+ ms", composer.Output);

        Assert.Equal(130, await composer.InterruptAsync());
        Assert.Contains("watch  stopped", composer.Output, StringComparison.Ordinal);
        Assert.Equal("running", await Docker.StateAsync(box)); // `watch` leaves the services running
    }

    [Fact]
    public async Task Ignore_include_and_the_build_contexts_dockerignore_keep_files_out()
    {
        await using var project = new TempProject($$"""
            services:
              box:
                build: .
                command: {{Sleeper}}
                develop:
                  watch:
                    - path: ./src
                      action: sync
                      target: /srv
                      ignore: ["*.log", "cache/"]
                    - path: ./docs
                      action: sync
                      target: /docs
                      include: ["*.md"]
            """, "watchignore");
        project.Write("Dockerfile", "FROM busybox:latest\n");
        project.Write(".dockerignore", "src/secret.env\n");
        project.Write("src/.keep", "");
        project.Write("docs/.keep", "");
        var box = $"{project.Name}-box-1";
        using var composer = new BackgroundComposer(project, "watch");
        await composer.WaitForOutputAsync("Watch enabled");

        project.Write("src/debug.log", "log");
        project.Write("src/cache/blob", "blob");
        project.Write("src/secret.env", "secret");
        project.Write("src/.app.py.swp", "vim");
        project.Write("docs/notes.txt", "notes");
        project.Write("docs/guide.md", "guide");
        project.Write("src/app.py", "print('hi')");
        await SeenAsync(composer, box, "/srv/app.py", "print('hi')");
        await SeenAsync(composer, box, "/docs/guide.md", "guide");
        foreach (var path in new[] { "/srv/debug.log", "/srv/cache/blob", "/srv/secret.env", "/srv/.app.py.swp", "/docs/notes.txt" })
            Assert.Null(await ReadAsync(box, path));
    }

    [Fact]
    public async Task Restart_sync_restart_and_sync_exec_do_their_parts()
    {
        await using var project = new TempProject($$"""
            services:
              restarter:
                image: busybox:latest
                command: {{Sleeper}}
                develop:
                  watch:
                    - {path: ./config.txt, action: restart}
              reloader:
                image: busybox:latest
                command: {{Sleeper}}
                develop:
                  watch:
                    - {path: ./conf, action: sync+restart, target: /etc/app}
              runner:
                image: busybox:latest
                command: {{Sleeper}}
                develop:
                  watch:
                    - path: ./hooks
                      action: sync+exec
                      target: /hooks
                      exec:
                        command: ["sh", "-c", "cat /hooks/value.txt > /tmp/ran; echo exec saw $$(cat /hooks/value.txt)"]
            """, "watchactions");
        project.Write("config.txt", "1");
        project.Write("conf/.keep", "");
        project.Write("hooks/.keep", "");
        using var composer = new BackgroundComposer(project, "watch");
        await composer.WaitForOutputAsync("Watch enabled");
        async Task<string> StartedAt(string service) => await Docker.RunAsync("inspect", "-f", "{{.State.StartedAt}}", $"{project.Name}-{service}-1");
        var restarterStarted = await StartedAt("restarter");
        var reloaderStarted = await StartedAt("reloader");
        var runnerStarted = await StartedAt("runner");

        project.Write("config.txt", "2");
        await composer.WaitForOutputAsync("restarter: restarted after config.txt");
        Assert.NotEqual(restarterStarted, await StartedAt("restarter"));

        project.Write("conf/app.ini", "reload=1");
        await composer.WaitForOutputAsync("reloader: restarted after conf/app.ini");
        Assert.Equal("reload=1", await ReadAsync($"{project.Name}-reloader-1", "/etc/app/app.ini"));
        Assert.NotEqual(reloaderStarted, await StartedAt("reloader"));

        project.Write("hooks/value.txt", "42");
        await composer.WaitForOutputAsync("runner: ran 'sh -c");
        Assert.Equal("42", await ReadAsync($"{project.Name}-runner-1", "/tmp/ran"));
        Assert.Contains("runner: | exec saw 42", composer.Output, StringComparison.Ordinal);
        Assert.Equal(runnerStarted, await StartedAt("runner")); // sync+exec never restarts
        await composer.InterruptAsync();
    }

    [Fact]
    public async Task Rebuild_builds_the_image_again_and_recreates_only_its_service()
    {
        await using var project = new TempProject($$"""
            services:
              built:
                build: ./built
                command: {{Sleeper}}
                develop:
                  watch:
                    - {path: ./built/version.txt, action: rebuild}
              other:
                build: ./other
                command: {{Sleeper}}
              dependent:
                image: busybox:latest
                command: {{Sleeper}}
                depends_on: [built]
            """, "watchrebuild");
        project.Write("built/Dockerfile", "FROM busybox:latest\nCOPY version.txt /version.txt\n");
        project.Write("built/version.txt", "v1");
        project.Write("other/Dockerfile", "FROM busybox:latest\n");
        using var composer = new BackgroundComposer(project, "watch", "--prune");
        await composer.WaitForOutputAsync("Watch enabled");
        // `watch` starts only the watched services and what they need.
        Assert.Equal([$"{project.Name}-built-1"], await Docker.ContainersAsync(project.Name));
        await project.ComposerOkAsync("up", "-d");
        var before = new Dictionary<string, string>();
        foreach (var service in new[] { "built", "other", "dependent" })
            before[service] = await Docker.ContainerIdAsync($"{project.Name}-{service}-1");
        var oldImage = await Docker.RunAsync("image", "inspect", "-f", "{{.Id}}", $"{project.Name}-built");

        project.Write("built/version.txt", "v2");
        await composer.WaitForOutputAsync("built: rebuilt and recreated in");
        Assert.Equal("v2", await ReadAsync($"{project.Name}-built-1", "/version.txt"));
        Assert.NotEqual(before["built"], await Docker.ContainerIdAsync($"{project.Name}-built-1"));
        Assert.Equal(before["other"], await Docker.ContainerIdAsync($"{project.Name}-other-1"));
        Assert.Equal(before["dependent"], await Docker.ContainerIdAsync($"{project.Name}-dependent-1"));
        // --prune: the replaced image is gone.
        await composer.WaitForOutputAsync("pruned the replaced image");
        Assert.NotEqual(0, (await Docker.TryAsync("image", "inspect", oldImage)).ExitCode);
        await composer.InterruptAsync();
    }

    [Fact]
    public async Task Watch_quiet_rebuilds_without_showing_the_build_output()
    {
        await using var project = new TempProject($$"""
            services:
              built:
                build: ./built
                command: {{Sleeper}}
                develop:
                  watch:
                    - {path: ./built/version.txt, action: rebuild}
            """, "watchquiet");
        project.Write("built/Dockerfile", "FROM busybox:latest\nCOPY version.txt /version.txt\nRUN echo builder-says-$(cat /version.txt)\n");
        // Versions unique to this run: the engine keeps its build cache across runs, and a cached step prints nothing.
        project.Write("built/version.txt", $"{project.Name}-v1");
        // The build does print: up shows it.
        Assert.Contains($"builder-says-{project.Name}-v1", (await project.ComposerOkAsync("--progress", "plain", "up", "-d", "--build")).Stderr);

        using var composer = new BackgroundComposer(project, "--progress", "plain", "watch", "--no-up", "--quiet");
        await composer.WaitForOutputAsync("Watch enabled");
        project.Write("built/version.txt", $"{project.Name}-v2");
        await composer.WaitForOutputAsync("built: rebuilt and recreated in");
        Assert.Equal($"{project.Name}-v2", await ReadAsync($"{project.Name}-built-1", "/version.txt"));
        Assert.DoesNotContain("builder-says", composer.Output);
        await composer.InterruptAsync();
    }

    [Fact]
    public async Task Up_watch_streams_logs_syncs_and_ctrl_c_stops_the_stack()
    {
        await using var project = new TempProject("""
            services:
              box:
                image: busybox:latest
                command: ["sh", "-c", "trap 'exit 0' TERM; echo box is up; sleep 3600 & wait"]
                develop:
                  watch:
                    - {path: ./src, action: sync, target: /src}
            """, "upwatch");
        project.Write("src/.keep", "");
        var box = $"{project.Name}-box-1";
        using var composer = new BackgroundComposer(project, "up", "--watch");
        await composer.WaitForOutputAsync("box is up");
        await composer.WaitForOutputAsync("Watch enabled");
        project.Write("src/hello.txt", "hello");
        await SeenAsync(composer, box, "/src/hello.txt", "hello");
        Assert.Equal(130, await composer.InterruptAsync());
        Assert.Equal("exited", await Docker.StateAsync(box));
    }

    [Fact]
    public async Task Up_watch_stays_attached_across_a_rebuild_that_replaces_the_only_container()
    {
        await using var project = new TempProject("""
            services:
              app:
                build: .
                command: ["sh", "-c", "trap 'exit 0' TERM; echo running $$(cat /version.txt); sleep 3600 & wait"]
                develop:
                  watch:
                    - {path: ./version.txt, action: rebuild}
            """, "upwatchrebuild");
        project.Write("Dockerfile", "FROM busybox:latest\nCOPY version.txt /version.txt\n");
        project.Write("version.txt", "v1");
        using var composer = new BackgroundComposer(project, "up", "--watch");
        await composer.WaitForOutputAsync("running v1");
        await composer.WaitForOutputAsync("Watch enabled");
        project.Write("version.txt", "v2");
        await composer.WaitForOutputAsync("app: rebuilt and recreated in");
        // The new container's output is followed: the run did not end when the old one went away.
        await composer.WaitForOutputAsync("running v2");
        Assert.False(composer.HasExited);
        Assert.Equal(130, await composer.InterruptAsync());
        Assert.Equal("exited", await Docker.StateAsync($"{project.Name}-app-1"));
    }

    [Theory]
    [InlineData("- {path: ./src, action: sync}", "compose.yaml:6:11: services.box.develop.watch[0]: a 'sync' rule needs a 'target'")]
    [InlineData("- {action: sync, target: /src}", "compose.yaml:6:11: services.box.develop.watch[0]: missing required property 'path'")]
    [InlineData("- {path: ./src, action: rebuild}", "compose.yaml:6:33: services.box.develop.watch[0].action: a 'rebuild' rule needs a 'build' section")]
    [InlineData("- {path: ../../outside, action: restart}", "compose.yaml:6:18: services.box.develop.watch[0].path: ")]
    public async Task Bad_rules_are_refused_with_their_position_before_anything_starts(string rule, string expected)
    {
        await using var project = new TempProject($$"""
            services:
              box:
                image: busybox:latest
                develop:
                  watch:
                    {{rule}}
            """, "watchbad");
        foreach (var verb in new[] { new[] { "watch" }, ["up", "--watch"] })
        {
            var result = await project.ComposerAsync(verb);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Watch_without_any_develop_section_is_a_usage_error()
    {
        await using var project = new TempProject("services:\n  box:\n    image: busybox:latest\n", "watchnone");
        var result = await project.ComposerAsync("watch");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("none of the selected services is configured for watch", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }
}
