using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// `ipc: service:X` and `pid: service:X` join X's namespaces, as docker compose makes them: the
/// engine is given X's container, so X is created and started first.
/// </summary>
public sealed class NamespaceSharingTests
{
    [Fact]
    public async Task Ipc_and_pid_of_another_service_join_its_container()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                ipc: "service:donor"
                pid: service:donor
              donor:
                image: busybox:latest
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 4242 & wait"]
                ipc: shareable
            """);
        await project.ComposerOkAsync("up", "-d");
        var app = $"{project.Name}-app-1";
        var donorId = await Docker.ContainerIdAsync($"{project.Name}-donor-1");
        var modes = (await Docker.RunAsync("inspect", "-f", "{{.HostConfig.IpcMode}} {{.HostConfig.PidMode}}", app)).Trim();
        Assert.Equal($"container:{donorId.Trim()} container:{donorId.Trim()}", modes);
        // In the donor's PID namespace, the app sees the donor's own process.
        Assert.Contains("sleep 4242", await Docker.ExecAsync(app, "ps"));
    }
}
