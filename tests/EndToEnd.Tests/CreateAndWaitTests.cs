using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`create` (containers made, none started) and `wait` (blocks until they stop, exits with the first one's code).</summary>
public sealed class CreateAndWaitTests
{
    [Fact]
    public async Task Create_makes_every_container_without_starting_one_and_up_then_starts_those_same_containers()
    {
        await using var project = new TempProject("""
            services:
              web: { image: busybox:latest, command: ["sleep", "3600"], depends_on: [db] }
              db: { image: busybox:latest, command: ["sleep", "3600"] }
            """);
        await project.ComposerOkAsync("create");
        var web = $"{project.Name}-web-1";
        var db = $"{project.Name}-db-1";
        Assert.Equal("created", await Docker.StateAsync(web));
        Assert.Equal("created", await Docker.StateAsync(db));
        var ids = (await Docker.ContainerIdAsync(web), await Docker.ContainerIdAsync(db));

        await project.ComposerOkAsync("up", "-d");
        Assert.Equal("running", await Docker.StateAsync(web));
        Assert.Equal(ids, (await Docker.ContainerIdAsync(web), await Docker.ContainerIdAsync(db)));
    }

    [Fact]
    public async Task Create_refuses_build_with_no_build_and_an_unknown_service_by_name()
    {
        await using var project = new TempProject("services: { web: { image: busybox:latest } }");
        var result = await project.ComposerAsync("create", "--build", "--no-build");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--build and --no-build", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        var unknown = await project.ComposerAsync("create", "nope");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no such service: nope", unknown.Stderr);
        Assert.DoesNotContain("   at ", unknown.Stderr);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    private const string QuickAndSlow = """
        services:
          quick: { image: busybox:latest, command: ["sh", "-c", "sleep 1; exit 3"] }
          slow: { image: busybox:latest, command: ["sh", "-c", "sleep 4; exit 0"] }
        """;

    [Fact]
    public async Task Wait_blocks_until_every_container_stops_and_exits_with_the_first_ones_code()
    {
        await using var project = new TempProject(QuickAndSlow);
        await project.ComposerOkAsync("up", "-d");
        var result = await project.ComposerAsync("wait");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("exited", await Docker.StateAsync($"{project.Name}-slow-1")); // it waited for the slow one too
    }

    [Fact]
    public async Task Wait_down_project_brings_the_project_down_at_the_first_stop()
    {
        await using var project = new TempProject(QuickAndSlow);
        await project.ComposerOkAsync("up", "-d");
        var result = await project.ComposerAsync("wait", "--down-project");
        Assert.Equal(3, result.ExitCode);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Wait_on_one_service_exits_with_its_code()
    {
        await using var project = new TempProject(QuickAndSlow);
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal(0, (await project.ComposerAsync("wait", "slow")).ExitCode);
        var unknown = await project.ComposerAsync("wait", "nope");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no such service: nope", unknown.Stderr);
    }

    [Fact]
    public async Task Wait_with_no_containers_says_so()
    {
        await using var project = new TempProject(QuickAndSlow);
        var result = await project.ComposerAsync("wait");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"no containers for project {project.Name}", result.Stderr);
    }

    [Fact]
    public async Task A_wait_that_times_out_names_the_service_and_what_its_last_health_check_said()
    {
        // Never healthy, and with 100 retries not unhealthy either within the test: only the bound ends the wait.
        await using var project = new TempProject($$"""
            services:
              web:
                image: busybox:latest
                command: {{Busybox.Idle}}
                healthcheck:
                  test: ["CMD-SHELL", "echo still warming up; exit 1"]
                  interval: 1s
                  timeout: 1s
                  retries: 100
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on:
                  web: {condition: service_healthy}
            """);
        var result = await project.ComposerAsync("up", "-d", "--wait", "--wait-timeout", "4", "web");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("service web did not become healthy within 4 s", result.Stderr);
        Assert.Contains("still warming up", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
