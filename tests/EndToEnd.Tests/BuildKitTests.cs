using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// `build` through the engine's BuildKit, spoken by composer itself (a session serving the
/// context over HTTP/2 gRPC): no docker CLI and no buildx on composer's PATH.
/// </summary>
public sealed class BuildKitTests
{
    /// <summary>
    /// A PATH for composer with no `docker` and no buildx on it: an empty directory (the docker CLI
    /// lives in /usr/bin here). The test itself still uses the CLI to look at images.
    /// </summary>
    private static readonly Dictionary<string, string> NoDockerCli = new()
    {
        ["PATH"] = Directory.CreateTempSubdirectory("composer-no-docker-").FullName,
        ["DOCKER_BUILDKIT"] = "1",
    };

    private static TempProject Project(string dockerfile)
    {
        var project = new TempProject("""
            services:
              app:
                build: ./app
            """, prefix: "bkit") { Environment = NoDockerCli };
        project.Write("app/Dockerfile", dockerfile);
        return project;
    }

    private static async Task<string> InImageAsync(string image, string file) =>
        (await Docker.RunAsync("run", "--rm", "--network", "none", image, "cat", file)).Trim();

    [Fact]
    public void Composer_runs_without_a_docker_cli_on_its_path()
    {
        Assert.DoesNotContain(NoDockerCli["PATH"].Split(':'), directory => File.Exists(Path.Combine(directory, "docker")));
    }

    [Fact]
    public async Task A_cache_mount_persists_between_two_builds()
    {
        // A cache of its own: the engine's caches outlive test runs.
        var cache = Guid.NewGuid().ToString("N");
        await using var project = Project($$"""
            FROM busybox:latest
            ARG ROUND
            RUN --mount=type=cache,target=/cache,id={{cache}} n=$(cat /cache/count 2>/dev/null || echo 0); n=$((n+1)); echo $n > /cache/count; echo $n > /count; echo "round $ROUND count $n"
            """);
        var image = $"{project.Name}-app";
        try
        {
            var first = await project.ComposerOkAsync("build", "--build-arg", "ROUND=1");
            Assert.Equal("1", await InImageAsync(image, "/count"));
            Assert.Contains("round 1 count 1", first.All);

            await project.ComposerOkAsync("build", "--build-arg", "ROUND=2");
            Assert.Equal("2", await InImageAsync(image, "/count"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
    }

    [Fact]
    public async Task The_context_arrives_through_the_session_without_what_dockerignore_leaves_out()
    {
        var mark = Guid.NewGuid().ToString("N");
        await using var project = Project("""
            FROM busybox:latest
            COPY . /ctx
            RUN ls -R /ctx > /listing && cat /ctx/sub/kept.txt
            """);
        project.Write("app/sub/kept.txt", mark);
        project.Write("app/sub/secret.txt", "left out");
        project.Write("app/big.bin", new string('x', 300_000)); // larger than one flow-control window and one chunk
        project.Write("app/.dockerignore", "sub/secret.txt\n");
        var image = $"{project.Name}-app";
        try
        {
            await project.ComposerOkAsync("build");
            Assert.Equal(mark, await InImageAsync(image, "/ctx/sub/kept.txt"));
            Assert.Equal(300_000, (await InImageAsync(image, "/ctx/big.bin")).Length);
            Assert.DoesNotContain("secret.txt", await InImageAsync(image, "/listing"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
    }

    [Fact]
    public async Task DOCKER_BUILDKIT_0_chooses_the_classic_builder_which_refuses_mounts()
    {
        await using var project = new TempProject("""
            services:
              app:
                build: ./app
            """, prefix: "bkit") { Environment = new Dictionary<string, string>(NoDockerCli) { ["DOCKER_BUILDKIT"] = "0" } };
        project.Write("app/Dockerfile", "FROM busybox:latest\nRUN --mount=type=cache,target=/cache true\n");
        var result = await project.ComposerAsync("build");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("requires BuildKit", result.All);
    }

    [Fact]
    public async Task Symlinks_and_modes_of_the_context_arrive_as_they_are()
    {
        await using var project = Project("""
            FROM busybox:latest
            COPY . /ctx
            RUN readlink /ctx/link.txt > /link && cat /ctx/dirlink/real.txt > /through && stat -c %a /ctx/d/real.txt > /mode
            """);
        project.Write("app/d/real.txt", "through-the-link");
        File.CreateSymbolicLink(Path.Combine(project.Directory, "app/link.txt"), "d/real.txt");
        File.CreateSymbolicLink(Path.Combine(project.Directory, "app/dirlink"), "d");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(project.Directory, "app/d/real.txt"),
            UnixFileMode.SetUser | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var image = $"{project.Name}-app";
        try
        {
            await project.ComposerOkAsync("build");
            Assert.Equal("d/real.txt", await InImageAsync(image, "/link"));
            Assert.Equal("through-the-link", await InImageAsync(image, "/through"));
            Assert.Equal("4744", await InImageAsync(image, "/mode"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
    }

    [Fact]
    public async Task A_fifo_and_a_socket_in_the_context_arrive_as_fsutil_sends_them_and_a_device_is_refused()
    {
        await using var project = Project("""
            FROM busybox:latest
            RUN --mount=type=bind,target=/ctx { test -p /ctx/pipe && echo fifo; test -f /ctx/sock && wc -c < /ctx/sock; } > /kinds
            """);
        // (A bind mount shows the context as the engine received it; its COPY leaves FIFOs out.)
        // Opened as a file, the FIFO would block the build until someone wrote to it.
        (await ProcessRunner.RunAsync("mkfifo", [Path.Combine(project.Directory, "app/pipe")])).EnsureSuccess("mkfifo");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(project.Directory, "app/sock")));
        var image = $"{project.Name}-app";
        try
        {
            await project.ComposerOkAsync("build");
            Assert.Equal("fifo\n0", await InImageAsync(image, "/kinds"));

            (await ProcessRunner.RunAsync("mknod", [Path.Combine(project.Directory, "app/null"), "c", "1", "3"])).EnsureSuccess("mknod (the tests run as root)");
            var refused = await project.ComposerAsync("build");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("the build context holds a device file, null", refused.All);
            Assert.DoesNotContain("   at ", refused.All);
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
    }

    [Fact]
    public async Task A_failing_step_shows_its_output_and_message_and_exits_non_zero()
    {
        var mark = Guid.NewGuid().ToString("N");
        await using var project = Project($"""
            FROM busybox:latest
            RUN echo output-{mark} && exit 3
            """);
        var result = await project.ComposerAsync("build");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"output-{mark}", result.All);
        Assert.Contains("exit 3", result.All);
    }
}
