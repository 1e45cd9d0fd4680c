using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>depends_on conditions, waited on against the real engine's health and exit states.</summary>
public sealed class DependsOnTests
{
    [Fact]
    public async Task A_dependent_starts_only_after_its_dependency_is_healthy()
    {
        // db turns healthy once its marker file exists, two seconds after it starts.
        await using var project = new TempProject($$"""
            services:
              db:
                image: busybox:latest
                command: ["sh", "-c", "sleep 2; touch /tmp/ready; trap 'exit 0' TERM; sleep 3600 & wait"]
                healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30 }
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on: { db: { condition: service_healthy } }
            """);
        await project.ComposerOkAsync("up", "-d");

        Assert.Equal("healthy", await Docker.RunAsync("inspect", "-f", "{{.State.Health.Status}}", $"{project.Name}-db-1"));
        var dbStarted = DateTimeOffset.Parse(await Docker.RunAsync("inspect", "-f", "{{.State.StartedAt}}", $"{project.Name}-db-1"), System.Globalization.CultureInfo.InvariantCulture);
        var appStarted = DateTimeOffset.Parse(await Docker.RunAsync("inspect", "-f", "{{.State.StartedAt}}", $"{project.Name}-app-1"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(appStarted - dbStarted >= TimeSpan.FromSeconds(2), $"app started {appStarted - dbStarted} after db, before db could be healthy");
    }

    [Fact]
    public async Task An_unhealthy_dependency_fails_up_with_what_its_check_said()
    {
        await using var project = new TempProject($$"""
            services:
              db:
                image: busybox:latest
                command: {{Busybox.Idle}}
                healthcheck: { test: ["CMD-SHELL", "echo database not ready; exit 1"], interval: 1s, retries: 2 }
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on: { db: { condition: service_healthy } }
            """);
        var up = await project.ComposerAsync("up", "-d");

        Assert.NotEqual(0, up.ExitCode);
        Assert.Contains($"{project.Name}-db-1 is unhealthy", up.Stderr);
        Assert.Contains("the last exited 1: database not ready", up.Stderr);
        Assert.DoesNotContain("   at ", up.All);
        Assert.NotEqual("running", await StateOrNoneAsync($"{project.Name}-app-1"));
    }

    [Fact]
    public async Task Completed_successfully_waits_for_exit_0_and_refuses_any_other_code()
    {
        await using var project = new TempProject($$"""
            services:
              migrate:
                image: busybox:latest
                command: ["sh", "-c", "sleep 1; exit ${MIGRATE_EXIT}"]
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on: { migrate: { condition: service_completed_successfully } }
            """);
        project.Write(".env", "MIGRATE_EXIT=0\n");
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal("running", await Docker.RunAsync("inspect", "-f", "{{.State.Status}}", $"{project.Name}-app-1"));

        await project.ComposerOkAsync("down", "-t", "1");
        project.Write(".env", "MIGRATE_EXIT=3\n");
        var failed = await project.ComposerAsync("up", "-d");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("service migrate didn't complete successfully: exit 3", failed.Stderr);
        Assert.NotEqual("running", await StateOrNoneAsync($"{project.Name}-app-1"));
    }

    [Fact]
    public async Task A_dependency_that_crashes_and_is_restarted_is_waited_for_not_taken_for_unhealthy()
    {
        // While it restarts the engine calls it "unhealthy" without having run a single check; the
        // fourth run stays up and turns healthy. (Its count survives restarts in its own filesystem.)
        await using var project = new TempProject($$"""
            services:
              db:
                image: busybox:latest
                command: ["sh", "-c", "n=$$(cat /runs 2>/dev/null || echo 0); echo $$((n + 1)) > /runs; [ $$n -ge 3 ] || exit 1; touch /tmp/ready; trap 'exit 0' TERM; sleep 3600 & wait"]
                restart: always
                healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30 }
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on: { db: { condition: service_healthy } }
            """);
        await project.ComposerOkAsync("up", "-d");

        Assert.Equal("4", await Docker.ExecAsync($"{project.Name}-db-1", "cat", "/runs"));
        Assert.Equal("running", await Docker.RunAsync("inspect", "-f", "{{.State.Status}}", $"{project.Name}-app-1"));
    }

    [Fact]
    public async Task A_dependency_that_exits_before_it_is_healthy_fails_up_with_its_exit_code()
    {
        await using var project = new TempProject($$"""
            services:
              db:
                image: busybox:latest
                command: ["sh", "-c", "sleep 1; exit 3"]
                healthcheck: { test: ["CMD", "false"], interval: 1s, start_period: 60s }
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on: { db: { condition: service_healthy } }
            """);
        var up = await project.ComposerAsync("up", "-d");

        Assert.NotEqual(0, up.ExitCode);
        Assert.Contains($"{project.Name}-db-1 exited with code 3 before it became healthy", up.Stderr);
        Assert.NotEqual("running", await StateOrNoneAsync($"{project.Name}-app-1"));
    }

    /// <summary>The container's state, or "" when it was never created.</summary>
    private static async Task<string> StateOrNoneAsync(string container) =>
        (await Docker.TryAsync("inspect", "-f", "{{.State.Status}}", container)).Stdout.Trim();
}
