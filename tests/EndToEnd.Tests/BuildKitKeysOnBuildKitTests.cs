using System.Diagnostics;
using System.Text;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// The BuildKit build keys the engine's POST /build can carry (cache_to: type=inline, one platform, network.host for a
/// host-network build), the refusal of those it cannot, a `# syntax=` frontend that cannot be pulled, and parallel builds
/// sharing a common stage. Composer runs with no docker CLI on its PATH (project prefix `bkkeys`).
/// </summary>
public sealed class BuildKitKeysOnBuildKitTests
{
    private static readonly string EmptyPath = Directory.CreateTempSubdirectory("composer-no-docker-").FullName;

    private static readonly Dictionary<string, string> OnBuildKit = new() { ["PATH"] = EmptyPath, ["DOCKER_BUILDKIT"] = "1" };

    private static TempProject Project(string compose) => new(compose, prefix: "bkkeys") { Environment = OnBuildKit };

    private static async Task<bool> ImageExistsAsync(string image) => (await Docker.TryAsync("image", "inspect", image)).ExitCode == 0;

    /// <summary>The image's config as `docker save` writes it, searched for the inline cache's key.</summary>
    private static async Task<bool> HasInlineCacheAsync(string image)
    {
        var archive = Path.Combine(Path.GetTempPath(), $"bkkeys-{Guid.NewGuid():N}.tar");
        try
        {
            await Docker.RunAsync("save", "-o", archive, image);
            return Encoding.Latin1.GetString(await File.ReadAllBytesAsync(archive)).Contains("moby.buildkit.cache.v0", StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public async Task An_inline_cache_export_is_written_into_the_image()
    {
        var mark = Guid.NewGuid().ToString("N"); // the engine's build cache outlives test runs
        await using var project = Project("""
            services:
              cached:
                build:
                  context: .
                  cache_to: [type=inline]
              plain:
                build: .
            """);
        project.Write("Dockerfile", $"FROM busybox:latest\nRUN echo {mark} > /mark\n");
        try
        {
            await project.ComposerOkAsync("build");
            Assert.True(await HasInlineCacheAsync($"{project.Name}-cached"));
            Assert.False(await HasInlineCacheAsync($"{project.Name}-plain"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", $"{project.Name}-cached", $"{project.Name}-plain");
        }
    }

    [Fact]
    public async Task One_platform_is_built_for_and_a_run_the_engine_cannot_emulate_is_explained()
    {
        await using var project = Project("""
            services:
              base:
                build:
                  context: ./base
                  platforms: [linux/s390x]
              app:
                build:
                  context: ./app
                  platforms: [linux/s390x]
            """);
        var baseImage = $"{project.Name}-base";
        // An s390x "shell": an ELF header for s390x, which the kernel here will not run (no emulator is registered).
        var elf = new byte[64];
        "\u007fELF"u8.CopyTo(elf);
        elf[4] = 2; elf[5] = 2; elf[6] = 1; elf[17] = 2; elf[19] = 22; // 64-bit, big-endian, version 1, executable, EM_S390
        var shell = Path.Combine(project.Directory, "base", "rootfs", "bin", "sh");
        Directory.CreateDirectory(Path.GetDirectoryName(shell)!);
        await File.WriteAllBytesAsync(shell, elf);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shell, (UnixFileMode)0b111_101_101);
        project.Write("base/Dockerfile", "FROM scratch\nCOPY rootfs/ /\n");
        project.Write("app/Dockerfile", $"FROM {baseImage}\nRUN echo {Guid.NewGuid():N} > /mark\n");
        try
        {
            await project.ComposerOkAsync("build", "base");
            Assert.Equal("linux/s390x", (await Docker.RunAsync("image", "inspect", "-f", "{{.Os}}/{{.Architecture}}", baseImage)).Trim());

            var failed = await project.ComposerAsync("build", "app");
            Assert.Equal(1, failed.ExitCode);
            Assert.Contains("a RUN started a program of linux/s390x that this engine cannot run: it has no emulator registered for that platform", failed.Stderr);
            Assert.DoesNotContain("   at ", failed.Stderr);

            // The classic builder fails the same way, and is explained the same way.
            var classic = await ComposerCli.RunAsync(project.Directory, new Dictionary<string, string> { ["PATH"] = EmptyPath, ["DOCKER_BUILDKIT"] = "0" },
                "-p", project.Name, "build", "app");
            Assert.Equal(1, classic.ExitCode);
            Assert.Contains("a RUN started a program of linux/s390x that this engine cannot run", classic.Stderr);
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", baseImage);
        }
    }

    [Fact]
    public async Task The_network_host_entitlement_is_carried_by_a_build_on_the_host_network()
    {
        await using var project = Project("""
            services:
              app:
                build:
                  context: .
                  network: host
                  entitlements: [network.host]
            """);
        project.Write("Dockerfile", $"FROM busybox:latest\nRUN echo {Guid.NewGuid():N} && ls /sys/class/net > /interfaces\n");
        var image = $"{project.Name}-app";
        try
        {
            await project.ComposerOkAsync("build");
            // The engine's host has docker0; a build on BuildKit's own network sees only lo and eth0.
            Assert.Contains("docker0", await Docker.RunAsync("run", "--rm", "--network", "none", image, "cat", "/interfaces"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
    }

    [Fact]
    public async Task Keys_the_engine_cannot_build_are_refused_with_why_and_nothing_is_built()
    {
        await using var project = Project("""
            services:
              app:
                build:
                  context: .
                  platforms: [linux/amd64, linux/arm64]
                  additional_contexts:
                    base: service:plain
                  cache_to: ["type=registry,ref=example/cache"]
                  provenance: true
              plain:
                build: .
            """);
        project.Write("Dockerfile", "FROM busybox:latest\nRUN echo built > /built\n");
        foreach (var buildKit in new[] { "1", "0" })
        {
            var result = await ComposerCli.RunAsync(project.Directory, new Dictionary<string, string> { ["PATH"] = EmptyPath, ["DOCKER_BUILDKIT"] = buildKit },
                "-p", project.Name, "build");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("compose.yaml:6:7: service 'app': build.additional_contexts cannot be carried: the engine's POST /build", result.Stderr);
            Assert.Contains("compose.yaml:8:7: service 'app': build.cache_to 'type=registry,ref=example/cache' cannot be carried: the registry cache exporter", result.Stderr);
            Assert.Contains("compose.yaml:5:7: service 'app': build.platforms names 2 platforms (linux/amd64, linux/arm64)", result.Stderr);
            Assert.Contains("compose.yaml:9:7: service 'app': build.provenance cannot be carried: attestations need BuildKit 0.11", result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
        Assert.False(await ImageExistsAsync($"{project.Name}-app"));
        Assert.False(await ImageExistsAsync($"{project.Name}-plain"));
    }

    [Fact]
    public async Task A_syntax_frontend_that_cannot_be_pulled_is_named_with_its_line()
    {
        await using var project = Project("""
            services:
              app:
                build: .
            """);
        // No registry answers on port 9: the frontend image cannot be had here or anywhere.
        project.Write("Dockerfile", "# syntax=127.0.0.1:9/composer-e2e/no-such-frontend:1\nFROM busybox:latest\nRUN echo never\n");
        var result = await project.ComposerAsync("build");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Dockerfile:1: the Dockerfile frontend image '127.0.0.1:9/composer-e2e/no-such-frontend:1' named by its `# syntax=` line could not be pulled: ", result.Stderr);
        Assert.Contains("Remove that line to build with the engine's built-in Dockerfile frontend", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(await ImageExistsAsync($"{project.Name}-app"));
    }

    [Fact]
    public async Task A_heredoc_the_engines_built_in_frontend_does_not_know_is_named_with_its_line()
    {
        await using var project = Project("""
            services:
              app:
                build: .
            """);
        project.Write("Dockerfile", "FROM busybox:latest\nRUN <<EOF\necho hi > /hi\nEOF\n");
        var result = await project.ComposerAsync("build");
        Assert.Equal(1, result.ExitCode);
        // Docker 20.10's frontend (BuildKit 0.8) reads the heredoc's body as an instruction.
        Assert.Contains("Dockerfile:2: a heredoc (<<), which this engine's built-in Dockerfile frontend does not know", result.Stderr);
        Assert.Contains("unknown instruction: ECHO", result.Stderr);
    }

    [Fact]
    public async Task Two_services_build_at_once_and_share_their_common_first_stage()
    {
        const int sleep = 5;
        var mark = Guid.NewGuid().ToString("N"); // a stage of its own: the engine's build cache outlives test runs
        await using var project = Project("""
            services:
              one:
                build: ./one
              two:
                build: ./two
            """);
        foreach (var service in new[] { "one", "two" })
            project.Write($"{service}/Dockerfile", $"""
                FROM busybox:latest AS base
                RUN echo {mark} && sleep {sleep} && cat /proc/sys/kernel/random/uuid > /stamp
                FROM base
                RUN echo {service} > /who
                """);
        try
        {
            var clock = Stopwatch.StartNew();
            var result = await project.ComposerOkAsync("build");
            clock.Stop();

            // The expensive stage ran once: both images hold the same random stamp.
            var one = (await Docker.RunAsync("run", "--rm", "--network", "none", $"{project.Name}-one", "cat", "/stamp")).Trim();
            var two = (await Docker.RunAsync("run", "--rm", "--network", "none", $"{project.Name}-two", "cat", "/stamp")).Trim();
            Assert.Equal(36, one.Length);
            Assert.Equal(one, two);

            // Both builds were under way together: each started the shared stage before either reached its own second stage.
            var lines = result.All.Split('\n');
            int First(Func<string, bool> match) => Array.FindIndex(lines, l => match(l));
            var oneStarts = First(l => l.Contains("[one base 2/2] RUN", StringComparison.Ordinal));
            var twoStarts = First(l => l.Contains("[two base 2/2] RUN", StringComparison.Ordinal));
            var firstSecondStage = First(l => l.Contains(" stage-1 1/1] RUN", StringComparison.Ordinal));
            Assert.True(oneStarts >= 0 && twoStarts >= 0 && firstSecondStage > Math.Max(oneStarts, twoStarts), result.All);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2 * sleep + 4), $"build took {clock.Elapsed}");
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", $"{project.Name}-one", $"{project.Name}-two");
        }
    }
}
