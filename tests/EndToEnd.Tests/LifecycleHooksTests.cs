using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// post_start and pre_stop, as docker compose runs them: an exec in the service's container right after it
/// starts (a failing one fails `up` with its output), and before it is stopped by stop, down and a recreate.
/// Each test reads what the hook left behind: a file in the container, or a line in a named volume that
/// outlives the container.
/// </summary>
public sealed class LifecycleHooksTests
{
    /// <summary>A service whose pre_stop hook appends a line to its named volume `log`.</summary>
    private static string Logging(string extra = "") => $$"""
        services:
          app:
            image: busybox:latest
            command: {{Busybox.Idle}}
            volumes: ["log:/log"]
            pre_stop:
              - command: ["sh", "-c", "echo \"pre_stop $$WHY\" >> /log/hooks"]
                environment: [WHY=stopping]
        {{extra}}
        volumes:
          log: {}
        """;

    [Fact]
    public async Task A_post_start_hook_runs_in_the_started_container_with_its_user_working_dir_and_environment()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                post_start:
                  - command: sh -c 'echo "$$(id -u) $$(pwd) $$GREETING" > /tmp/hook'
                    user: "4321"
                    working_dir: /etc
                    environment:
                      GREETING: hello from the hook
                  - command: ["sh", "-c", "cat /tmp/hook > /tmp/second"]
            """);
        await project.ComposerOkAsync("up", "-d");
        var written = await project.ComposerOkAsync("exec", "-T", "app", "cat", "/tmp/second");
        Assert.Equal("4321 /etc hello from the hook", written.Stdout.Trim());
    }

    [Fact]
    public async Task A_one_off_run_gets_its_post_start_hook_too()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                post_start:
                  - command: ["sh", "-c", "echo one-off > /tmp/hook"]
            """);
        var name = (await project.ComposerOkAsync("run", "-d", "app")).Stdout.Trim();
        Assert.Equal("one-off", await Docker.ExecAsync(name, "cat", "/tmp/hook"));
    }

    [Fact]
    public async Task A_failing_post_start_hook_fails_up_with_its_output()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                post_start:
                  - command: ["sh", "-c", "echo progress on stdout; echo migration failed >&2; exit 3"]
            """);
        var result = await project.ComposerAsync("up", "-d");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("app hook exited with status 3: migration failed", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task A_pre_stop_hook_runs_before_stop_and_before_down()
    {
        await using var project = new TempProject(Logging());
        await project.ComposerOkAsync("up", "-d");
        await project.ComposerOkAsync("stop");
        Assert.Equal(["pre_stop stopping"], await LogAsync(project));

        // Started again, it is running when down comes: the hook runs once more.
        await project.ComposerOkAsync("start");
        await project.ComposerOkAsync("down");
        Assert.Equal(["pre_stop stopping", "pre_stop stopping"], await LogAsync(project));
    }

    /// <summary>
    /// The hooks are the file's as it is now, as docker compose runs them: the changed pre_stop runs in the
    /// container being replaced, then post_start in its replacement.
    /// </summary>
    [Fact]
    public async Task A_recreate_runs_pre_stop_in_the_replaced_container_and_post_start_in_the_new_one()
    {
        await using var project = new TempProject(Logging());
        await project.ComposerOkAsync("up", "-d");
        project.Write("compose.yaml", Logging().Replace("[WHY=stopping]", "[WHY=recreated]").Replace("    pre_stop:", """
                post_start:
                  - command: ["sh", "-c", "echo post_start >> /log/hooks"]
                pre_stop:
            """));
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal(["pre_stop recreated", "post_start"], await LogAsync(project));
    }

    [Fact]
    public async Task Restart_runs_pre_stop_then_post_start()
    {
        await using var project = new TempProject(Logging().Replace("    pre_stop:", """
                post_start:
                  - command: ["sh", "-c", "echo post_start >> /log/hooks"]
                pre_stop:
            """));
        await project.ComposerOkAsync("up", "-d");
        await project.ComposerOkAsync("restart");
        Assert.Equal(["post_start", "pre_stop stopping", "post_start"], await LogAsync(project));
    }

    /// <summary>The lines of the `log` volume, read by a throwaway container (the service's may be gone).</summary>
    private static async Task<string[]> LogAsync(TempProject project) =>
        (await Docker.RunAsync("run", "--rm", "-v", $"{project.Name}_log:/log", "busybox:latest", "cat", "/log/hooks"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
