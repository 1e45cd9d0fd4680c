using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// Build keys on the engine's classic builder: the BuildKit-only ones are refused before any build starts, at
/// their file:line:col; the classic builder's own ones (here ulimits) reach the build's RUN containers.
/// </summary>
public sealed class BuildKitKeysTests
{
    private static async Task<bool> ImageExistsAsync(string image) => (await Docker.TryAsync("image", "inspect", image)).ExitCode == 0;

    [Fact]
    public async Task A_buildkit_only_key_is_refused_with_its_position_and_nothing_is_built()
    {
        await using var project = new TempProject("""
            services:
              app:
                build:
                  context: .
                  sbom: true
              plain:
                build: .
            """);
        project.Write("Dockerfile", "FROM busybox:latest\nRUN echo built > /built\n");
        var result = await project.ComposerAsync("build");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("compose.yaml:5:7: service 'app': build.sbom cannot be carried: attestations need BuildKit 0.11 or newer", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(await ImageExistsAsync($"{project.Name}-app"));
        Assert.False(await ImageExistsAsync($"{project.Name}-plain"));
    }

    [Fact]
    public async Task Build_ulimits_reach_the_builds_containers()
    {
        // Unique per run: the engine's build cache outlives test runs.
        var mark = Guid.NewGuid().ToString("N");
        await using var project = new TempProject("""
            services:
              app:
                build:
                  context: .
                  ulimits:
                    nofile: {soft: 1234, hard: 2345}
            """);
        project.Write("Dockerfile", $"FROM busybox:latest\nRUN echo {mark} > /mark && ulimit -Sn > /soft && ulimit -Hn > /hard\n");
        var image = $"{project.Name}-app";
        try
        {
            await project.ComposerOkAsync("build");
            Assert.Equal("1234", (await Docker.RunAsync("run", "--rm", "--network", "none", image, "cat", "/soft")).Trim());
            Assert.Equal("2345", (await Docker.RunAsync("run", "--rm", "--network", "none", image, "cat", "/hard")).Trim());
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
    }
}
