using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

public sealed class SafetyTests
{
    private const string Built = $$"""
        services:
          app:
            build: ./app
            command: {{Busybox.Idle}}
        """;

    [Fact]
    public async Task A_failed_build_leaves_running_services_untouched()
    {
        await using var project = new TempProject(Built);
        project.Write("app/Dockerfile", "FROM busybox:latest\nRUN echo v1 > /version\n");
        await project.ComposerOkAsync("up", "--build", "-d");
        var before = await Docker.ContainerIdAsync($"{project.Name}-app-1");

        project.Write("app/Dockerfile", "FROM busybox:latest\nRUN exit 9\n");
        var failed = await project.ComposerAsync("up", "--build", "-d");
        Assert.NotEqual(0, failed.ExitCode);
        // BuildKit's words ("exit code: 9"), or the classic builder's ("non-zero code: 9").
        Assert.Matches("(exit|non-zero) code: 9", failed.Stderr);
        Assert.DoesNotContain("   at ", failed.All);
        Assert.Equal(before, await Docker.ContainerIdAsync($"{project.Name}-app-1"));
        Assert.Equal("running", await Docker.RunAsync("inspect", "-f", "{{.State.Status}}", $"{project.Name}-app-1"));
        await Docker.TryAsync("rmi", $"{project.Name}-app");
    }

    [Fact]
    public async Task Two_concurrent_ups_create_each_container_once()
    {
        await using var project = new TempProject($$"""
            services:
              a: { image: "busybox:latest", command: {{Busybox.Idle}} }
              b: { image: "busybox:latest", command: {{Busybox.Idle}}, deploy: { replicas: 2 } }
            """);
        var results = await Task.WhenAll(project.ComposerAsync("up", "-d"), project.ComposerAsync("up", "-d"));
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.All));
        Assert.Equal([$"{project.Name}-a-1", $"{project.Name}-b-1", $"{project.Name}-b-2"], await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Attached_up_streams_output_and_returns_the_exit_code_from_a_service()
    {
        await using var project = new TempProject($$"""
            services:
              job:
                image: busybox:latest
                command: ["sh", "-c", "echo job ran; exit 3"]
              sidecar:
                image: busybox:latest
                command: {{Busybox.Idle}}
            """);
        var result = await project.ComposerAsync("up", "--exit-code-from", "job", "-t", "1");
        Assert.Equal(3, result.ExitCode);
        Assert.Matches(@"job-1 +\| job ran", result.Stdout);
        Assert.Equal("exited", await Docker.RunAsync("inspect", "-f", "{{.State.Status}}", $"{project.Name}-sidecar-1"));
    }

    [Fact]
    public async Task Config_prints_the_resolved_project_and_its_services()
    {
        await using var project = new TempProject("""
            services:
              web:
                image: "busybox:${TAG:-latest}"
                ports: ["8000:80"]
              db:
                image: busybox:latest
            """);
        var config = await project.ComposerOkAsync("config");
        Assert.Contains("image: busybox:latest", config.Stdout);
        Assert.Contains("published: \"8000\"", config.Stdout);
        Assert.Equal(["db", "web"], (await project.ComposerOkAsync("config", "--services")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
