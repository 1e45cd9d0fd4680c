using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>Flags composer had before the parity table, each shown doing what docker compose's does.</summary>
public sealed class FlagCoverageTests
{
    private const string WebAndDb = $$"""
        services:
          db:
            image: busybox:latest
            command: {{Busybox.Idle}}
          web:
            image: busybox:latest
            command: {{Busybox.Idle}}
            depends_on: [db]
            volumes: [data:/data]
          tool:
            image: busybox:latest
            profiles: [tools]
        volumes:
          data: {}
        """;

    [Fact]
    public async Task Config_lists_hashes_profiles_and_volumes()
    {
        await using var project = new TempProject(WebAndDb);
        var hashes = (await project.ComposerOkAsync("config", "--hash", "web,db")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, hashes.Length);
        Assert.Matches(@"^web [0-9a-f]{64}$", hashes[0]);
        Assert.Equal("tools", (await project.ComposerOkAsync("config", "--profiles")).Stdout.Trim());
        Assert.Equal("data", (await project.ComposerOkAsync("config", "--volumes")).Stdout.Trim());
    }

    [Fact]
    public async Task Create_recreates_or_keeps_containers_scales_and_removes_orphans_as_asked()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("create", "--scale", "box=2", "-y");
        Assert.Equal(2, (await Docker.ContainersAsync(project.Name)).Length);
        var first = await Docker.ContainerIdAsync($"{project.Name}-box-1");
        await project.ComposerOkAsync("create", "--no-recreate", "--scale", "box=2");
        Assert.Equal(first, await Docker.ContainerIdAsync($"{project.Name}-box-1"));
        await project.ComposerOkAsync("create", "--force-recreate", "--scale", "box=2");
        Assert.NotEqual(first, await Docker.ContainerIdAsync($"{project.Name}-box-1"));

        project.Write("compose.yaml", Busybox.OneIdleBox.Replace("  box:", "  other:"));
        await project.ComposerOkAsync("create", "--remove-orphans");
        Assert.Equal([$"{project.Name}-other-1"], await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Down_removes_orphans_only_when_asked()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        project.Write("compose.yaml", Busybox.OneIdleBox.Replace("  box:", "  other:"));
        await project.ComposerOkAsync("down", "-t", "1");
        Assert.Equal([$"{project.Name}-box-1"], await Docker.ContainersAsync(project.Name));
        await project.ComposerOkAsync("down", "-t", "1", "--remove-orphans");
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Exec_runs_as_the_user_in_the_folder_and_privileged_as_asked()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal("1234 /tmp", (await project.ComposerOkAsync("exec", "-T", "-u", "1234", "-w", "/tmp", "box", "sh", "-c", "echo $(id -u) $(pwd)")).Stdout.Trim());
        Assert.Equal("0 /etc", (await project.ComposerOkAsync("exec", "-T", "--user", "0", "--workdir", "/etc", "box", "sh", "-c", "echo $(id -u) $(pwd)")).Stdout.Trim());
        // Privileged: every capability, so the bounding set is full (it is not without the flag). Where the
        // engine itself may not grant them all (this CI machine), the runtime says so instead: the flag got there.
        var plain = (await project.ComposerOkAsync("exec", "-T", "box", "grep", "CapBnd", "/proc/self/status")).Stdout;
        var privileged = await project.ComposerAsync("exec", "-T", "--privileged", "box", "grep", "CapBnd", "/proc/self/status");
        if (privileged.ExitCode == 0) Assert.NotEqual(plain, privileged.Stdout);
        else Assert.Contains("unable to apply caps", privileged.Stdout + privileged.Stderr);
    }

    [Fact]
    public async Task Port_answers_for_a_replica_and_a_protocol()
    {
        await using var project = new TempProject($$"""
            services:
              web:
                image: busybox:latest
                command: {{Busybox.Idle}}
                ports: ["18533:80", "18534:53/udp"]
            """);
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal("0.0.0.0:18534", (await project.ComposerOkAsync("port", "--protocol", "udp", "web", "53")).Stdout.Trim());
        Assert.Equal("0.0.0.0:18533", (await project.ComposerOkAsync("port", "--index", "1", "web", "80")).Stdout.Trim());
        Assert.NotEqual(0, (await project.ComposerAsync("port", "--index", "2", "web", "80")).ExitCode);
    }

    [Fact]
    public async Task Ps_services_lists_the_services_with_containers()
    {
        await using var project = new TempProject(WebAndDb);
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal(["db", "web"], (await project.ComposerOkAsync("ps", "--services")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ToArray());
    }

    [Fact]
    public async Task Run_overrides_entrypoint_name_user_and_folder_and_skips_dependencies_with_no_deps()
    {
        await using var project = new TempProject(WebAndDb);
        var output = await project.ComposerOkAsync("run", "--rm", "-T", "--no-deps", "--entrypoint", "sh", "-u", "4321", "-w", "/var", "web", "-c", "echo $(id -u) $(pwd)");
        Assert.Equal("4321 /var", output.Stdout.Trim());
        Assert.DoesNotContain($"{project.Name}-db-1", await Docker.ContainersAsync(project.Name));

        var named = (await project.ComposerOkAsync("run", "-d", "--name", $"{project.Name}-chosen", "--user", "0", "--workdir", "/", "web")).Stdout.Trim();
        Assert.Equal($"{project.Name}-chosen", named);
        Assert.Contains($"{project.Name}-db-1", await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Scale_no_deps_leaves_the_dependencies_alone()
    {
        await using var project = new TempProject(WebAndDb);
        await project.ComposerOkAsync("scale", "--no-deps", "web=2");
        Assert.Equal([$"{project.Name}-web-1", $"{project.Name}-web-2"], await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Start_wait_timeout_ends_the_wait_with_an_error()
    {
        await using var project = new TempProject("""
            services:
              never:
                image: busybox:latest
                command: ["sleep", "3600"]
                healthcheck: { test: ["CMD", "false"], interval: 1s, retries: 100 }
            """);
        await project.ComposerOkAsync("create");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await project.ComposerAsync("start", "--wait", "--wait-timeout", "2");
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the wait took {clock.Elapsed}");
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Up_no_start_no_build_no_recreate_and_the_accepted_no_ops()
    {
        await using var project = new TempProject("""
            services:
              built:
                build: .
                image: composer-e2e-nobuild-never-built:latest
                command: ["sleep", "3600"]
            """);
        project.Write("Dockerfile", "FROM busybox:latest\n");
        var noBuild = await project.ComposerAsync("up", "-d", "--no-build");
        Assert.NotEqual(0, noBuild.ExitCode);
        Assert.Empty(await Docker.ContainersAsync(project.Name));

        await project.ComposerOkAsync("up", "--no-start", "-y", "--menu");
        Assert.Equal("created", await Docker.StateAsync($"{project.Name}-built-1"));
        var id = await Docker.ContainerIdAsync($"{project.Name}-built-1");
        project.Write("compose.yaml", (await File.ReadAllTextAsync(Path.Combine(project.Directory, "compose.yaml"))).Replace("3600", "3601"));
        await project.ComposerOkAsync("up", "-d", "--no-recreate");
        Assert.Equal(id, await Docker.ContainerIdAsync($"{project.Name}-built-1"));
        await Docker.TryAsync("rmi", "-f", "composer-e2e-nobuild-never-built:latest");
    }

    [Fact]
    public async Task Version_short_prints_the_number_alone()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        Assert.Matches(@"^\d+\.\d+\.\d+\S*$", (await project.ComposerOkAsync("version", "--short")).Stdout.Trim());
    }

    [Fact]
    public async Task Exec_detaches_and_picks_a_replica_by_index()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d", "--scale", "box=2");
        await project.ComposerOkAsync("exec", "-d", "box", "touch", "/made-detached");
        await Eventually.TrueAsync(async () => (await Docker.TryAsync("exec", $"{project.Name}-box-1", "test", "-e", "/made-detached")).ExitCode == 0,
            TimeSpan.FromSeconds(10), () => "the detached exec made nothing");
        var second = await Docker.RunAsync("inspect", "-f", "{{.Config.Hostname}}", $"{project.Name}-box-2");
        Assert.Equal(second, (await project.ComposerOkAsync("exec", "-T", "--index", "2", "box", "hostname")).Stdout.Trim());
    }

    [Fact]
    public async Task Kill_sends_the_signal_asked_for()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        await project.ComposerOkAsync("kill", "-s", "SIGTERM");
        // The idle box traps TERM and exits 0; the default SIGKILL would leave 137.
        await Eventually.TrueAsync(async () => await Docker.StateAsync($"{project.Name}-box-1") == "exited", TimeSpan.FromSeconds(10), () => "still running");
        Assert.Equal("0", await Docker.RunAsync("inspect", "-f", "{{.State.ExitCode}}", $"{project.Name}-box-1"));
    }

    [Fact]
    public async Task Logs_follow_ends_with_the_container_and_timestamps_prefix_each_line()
    {
        await using var project = new TempProject("""
            services:
              talker:
                image: busybox:latest
                command: ["sh", "-c", "sleep 1; echo first; sleep 1; echo second"]
            """);
        await project.ComposerOkAsync("up", "-d");
        var followed = await project.ComposerOkAsync("logs", "-f", "talker");
        Assert.Contains("first", followed.Stdout);
        Assert.Contains("second", followed.Stdout);
        Assert.Matches(@"\| \d{4}-\d\d-\d\dT[\d:.]+Z first", (await project.ComposerOkAsync("logs", "-t", "talker")).Stdout);
    }

    [Fact]
    public async Task Ls_all_includes_projects_that_are_stopped()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        await project.ComposerOkAsync("stop", "-t", "1");
        Assert.DoesNotContain(project.Name, (await project.ComposerOkAsync("ls", "-q")).Stdout);
        Assert.Contains(project.Name, (await project.ComposerOkAsync("ls", "-a", "-q")).Stdout);
    }

    [Fact]
    public async Task Rm_stops_running_containers_with_s_and_removes_anonymous_volumes_with_v()
    {
        await using var project = new TempProject($$"""
            services:
              box:
                image: busybox:latest
                command: {{Busybox.Idle}}
                volumes: ["/scratch"]
            """);
        await project.ComposerOkAsync("up", "-d");
        var volume = await Docker.RunAsync("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", $"{project.Name}-box-1");
        await project.ComposerOkAsync("rm", "-f");
        Assert.Single(await Docker.ContainersAsync(project.Name));
        await project.ComposerOkAsync("rm", "-f", "-s", "-v");
        Assert.Empty(await Docker.ContainersAsync(project.Name));
        Assert.NotEqual(0, (await Docker.TryAsync("volume", "inspect", volume)).ExitCode);
    }

    [Fact]
    public async Task Up_remove_orphans_removes_containers_of_services_no_longer_declared()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        project.Write("compose.yaml", Busybox.OneIdleBox.Replace("  box:", "  other:"));
        await project.ComposerOkAsync("up", "-d", "--remove-orphans");
        Assert.Equal([$"{project.Name}-other-1"], await Docker.ContainersAsync(project.Name));
    }
}
