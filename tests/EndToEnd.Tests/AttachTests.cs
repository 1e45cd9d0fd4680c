using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`attach`: our streams wired to a service's running container, as `docker compose attach`.</summary>
public sealed class AttachTests
{
    /// <summary>Prints a line a second naming its host, then exits 7.</summary>
    private const string Ticker = """["sh", "-c", "for i in 1 2 3 4 5 6 7 8; do echo tick $$i from $$(hostname); sleep 1; done; exit 7"]""";

    [Fact]
    public async Task Attach_shows_the_running_containers_output_and_returns_its_exit_code_by_label_alone()
    {
        await using var project = new TempProject($$"""
            services:
              ticker:
                image: busybox:latest
                command: {{Ticker}}
            """);
        await project.ComposerOkAsync("up", "-d");
        // From a folder with no compose file: the project is found by its label.
        var elsewhere = Directory.CreateTempSubdirectory("composer-e2e-").FullName;
        try
        {
            var attached = await ComposerCli.RunAsync(elsewhere, "-p", project.Name, "attach", "--no-stdin", "ticker");
            Assert.Equal(7, attached.ExitCode);
            Assert.Contains("tick 8 from", attached.Stdout);
            // Attaching does not replay what was printed before.
            Assert.DoesNotContain("tick 1 from", attached.Stdout);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task Attach_index_picks_the_replica()
    {
        await using var project = new TempProject($$"""
            services:
              ticker:
                image: busybox:latest
                command: {{Ticker}}
                deploy: { replicas: 2 }
            """);
        await project.ComposerOkAsync("up", "-d");
        var first = await Docker.RunAsync("inspect", "-f", "{{.Config.Hostname}}", $"{project.Name}-ticker-1");
        var second = await Docker.RunAsync("inspect", "-f", "{{.Config.Hostname}}", $"{project.Name}-ticker-2");

        var attached = await project.ComposerAsync("attach", "--index", "2", "ticker");
        Assert.Equal(7, attached.ExitCode);
        Assert.Contains($"from {second}", attached.Stdout);
        Assert.DoesNotContain($"from {first}", attached.Stdout);

        var missing = await project.ComposerAsync("attach", "--index", "3", "ticker");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("service \"ticker\" is not running container #3", missing.Stderr);
    }

    [Fact]
    public async Task Attach_forwards_stdin_unless_no_stdin()
    {
        // Generous timeouts: the attach must come before the read gives up, also on a loaded CI machine.
        const string Reader = """["sh", "-c", "read -t 20 line; echo got:$$line; exit 4"]""";
        await using var project = new TempProject($$"""
            services:
              fed:
                image: busybox:latest
                stdin_open: true
                command: {{Reader}}
              starved:
                image: busybox:latest
                stdin_open: true
                command: {{Reader}}
            """);
        await project.ComposerOkAsync("up", "-d");
        // stdin stays open after the line: as with docker attach, the engine ends the attach when the
        // client's stdin closes, which could come before the container's answer.
        var fed = ProcessRunner.RunAsync("sh", ["-c", $"(echo hello; sleep 8) | {ComposerCli.ShellCommand("-p", project.Name, "attach", "fed")}"],
            project.Directory);
        var starved = project.ComposerWithInputAsync("hello\n", "attach", "--no-stdin", "starved");

        Assert.Equal((4, "got:hello"), ((await fed).ExitCode, (await fed).Stdout.Trim()));
        Assert.Equal((4, "got:"), ((await starved).ExitCode, (await starved).Stdout.Trim()));
    }

    [Fact]
    public async Task Attach_passes_ctrl_c_to_the_container_unless_sig_proxy_is_false()
    {
        // Says so when interrupted, and exits 5; prints a tick twice a second until then.
        const string Interruptible = """["sh", "-c", "trap 'echo got INT; exit 5' INT; while true; do echo tick; sleep 0.5; done"]""";
        await using var project = new TempProject($$"""
            services:
              proxied:
                image: busybox:latest
                command: {{Interruptible}}
              detached:
                image: busybox:latest
                command: {{Interruptible}}
            """);
        await project.ComposerOkAsync("up", "-d");

        using (var proxied = new BackgroundComposer(project, "attach", "--no-stdin", "proxied"))
        {
            await proxied.WaitForOutputAsync("tick");
            Assert.Equal(5, await proxied.InterruptAsync());
            Assert.Contains("got INT", proxied.Output);
        }
        Assert.Equal("exited", await Docker.StateAsync($"{project.Name}-proxied-1"));

        using (var detached = new BackgroundComposer(project, "attach", "--no-stdin", "--sig-proxy=false", "detached"))
        {
            await detached.WaitForOutputAsync("tick");
            Assert.Equal(130, await detached.InterruptAsync());
            Assert.DoesNotContain("got INT", detached.Output);
        }
        Assert.Equal("running", await Docker.StateAsync($"{project.Name}-detached-1"));
    }

    [Fact]
    public async Task Attach_on_a_terminal_wires_the_tty_and_detach_keys_leave_the_container_running()
    {
        await using var project = new TempProject("""
            services:
              shell:
                image: busybox:latest
                tty: true
                stdin_open: true
                command: ["sh"]
            """);
        await project.ComposerOkAsync("up", "-d");
        var session = project.Name;
        var exitFile = Path.Combine(project.Directory, "exit");
        var composer = ComposerCli.ShellCommand("-p", project.Name, "attach", "--detach-keys", "ctrl-x,ctrl-y", "shell");
        (await ProcessRunner.RunAsync("tmux", ["new-session", "-d", "-s", session, "-x", "100", "-y", "20",
            $"cd {project.Directory} && {composer}; echo EXIT=$? > {exitFile}; sleep 30"])).EnsureSuccess("tmux");
        try
        {
            // Give the attach a moment to connect, then type as a person would.
            await Task.Delay(TimeSpan.FromSeconds(3));
            await ProcessRunner.RunAsync("tmux", ["send-keys", "-t", session, "echo $((6*7))", "Enter"]);
            await InteractiveTests.ScreenAsync(session, s => s.Contains("42"));

            await ProcessRunner.RunAsync("tmux", ["send-keys", "-t", session, "C-x", "C-y"]);
            var exit = await NetworkingTests.RetryAsync(async () =>
                File.Exists(exitFile) ? (await File.ReadAllTextAsync(exitFile)).Trim() : throw new FileNotFoundException(exitFile));
            Assert.Equal("EXIT=0", exit);
            Assert.Equal("running", await Docker.StateAsync($"{project.Name}-shell-1"));
        }
        finally
        {
            await ProcessRunner.RunAsync("tmux", ["kill-session", "-t", session]);
        }
    }

    [Fact]
    public async Task Attach_refuses_an_unknown_service_and_bad_detach_keys()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var unknown = await project.ComposerAsync("attach", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no such service: nope", unknown.Stderr);

        var keys = await project.ComposerAsync("attach", "--detach-keys", "ctrl-1", "box");
        Assert.Equal(1, keys.ExitCode);
        Assert.Contains("invalid --detach-keys \"ctrl-1\"", keys.Stderr);
        Assert.DoesNotContain("   at ", keys.Stderr);
    }
}
