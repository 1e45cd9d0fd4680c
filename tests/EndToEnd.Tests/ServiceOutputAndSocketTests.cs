using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`attach: false` and `use_api_socket`, as docker compose acts on them.</summary>
public sealed class ServiceOutputAndSocketTests
{
    [Fact]
    public async Task Attach_false_hides_a_service_from_attached_up_and_logs_until_named()
    {
        await using var project = new TempProject("""
            services:
              loud:
                image: busybox:latest
                command: ["sh", "-c", "echo said-by-loud"]
              quiet:
                image: busybox:latest
                command: ["sh", "-c", "echo said-by-quiet"]
                attach: false
            """);
        var up = await project.ComposerOkAsync("up");
        Assert.Contains("said-by-loud", up.Stdout);
        Assert.DoesNotContain("said-by-quiet", up.Stdout);

        var named = await project.ComposerOkAsync("up", "--attach", "quiet");
        Assert.Contains("said-by-quiet", named.Stdout);

        // `logs` leaves it out too, as docker compose does, until it is named.
        var logs = await project.ComposerOkAsync("logs");
        Assert.Contains("said-by-loud", logs.Stdout);
        Assert.DoesNotContain("said-by-quiet", logs.Stdout);
        Assert.Contains("said-by-quiet", (await project.ComposerOkAsync("logs", "quiet")).Stdout);
    }

    [Fact]
    public async Task Use_api_socket_gives_the_container_the_engine_socket()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                use_api_socket: true
            """);
        await project.ComposerOkAsync("up", "-d");
        var socket = await Docker.ExecAsync($"{project.Name}-app-1", "sh", "-c", "test -S /var/run/docker.sock && echo socket");
        Assert.Equal("socket", socket.Trim());
    }
}
