using System.Diagnostics;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`up` in the foreground, interrupted as a user at a terminal does (SIGINT, once or twice).</summary>
public sealed class AttachedUpTests
{
    [Fact]
    public async Task First_ctrl_c_stops_gracefully_and_a_second_kills_without_waiting_for_the_grace_period()
    {
        await using var project = new TempProject("""
            services:
              stubborn:
                image: busybox:latest
                command: ["sh", "-c", "trap '' TERM; echo ready; while true; do sleep 1; done"]
                stop_grace_period: 60s
            """);
        using var composer = new BackgroundComposer(project, "up");
        await composer.WaitForOutputAsync("ready", 60);
        await composer.SendInterruptAsync();
        await composer.WaitForOutputAsync("Gracefully stopping", 10);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(composer.HasExited); // waiting out the 60 s grace period for the stubborn container
        var second = Stopwatch.StartNew();
        var exitCode = await composer.InterruptAsync(20);
        Assert.InRange(second.Elapsed.TotalSeconds, 0, 15);
        Assert.Equal(130, exitCode);
        Assert.Contains("Killed", composer.Output);
        Assert.Equal("137", await Docker.RunAsync("inspect", "-f", "{{.State.ExitCode}}", $"{project.Name}-stubborn-1"));
    }

    [Fact]
    public async Task Attached_up_follows_containers_that_start_while_it_runs()
    {
        await using var project = new TempProject("""
            services:
              box:
                image: busybox:latest
                command: ["sh", "-c", "trap 'exit 0' TERM; echo hello from $$HOSTNAME; sleep 3600 & wait"]
            """);
        using var composer = new BackgroundComposer(project, "up");
        await composer.WaitForOutputAsync("hello from", 60);

        await project.ComposerOkAsync("up", "-d", "--scale", "box=2");
        await Eventually.TrueAsync(() => System.Text.RegularExpressions.Regex.IsMatch(composer.Output, $@"{project.Name}-box-2\s+\| hello from"),
            TimeSpan.FromSeconds(30), () => composer.Output);
        await composer.InterruptAsync(30);
    }

    [Fact]
    public async Task Up_started_with_interrupts_ignored_still_stops_on_sigint_as_docker_compose_does()
    {
        // A shell's background job inherits SIGINT ignored; `kill -INT` must still stop `up`.
        await using var project = new TempProject("""
            services:
              box:
                image: busybox:latest
                command: ["sh", "-c", "trap 'exit 0' TERM; echo ready; sleep 3600 & wait"]
            """);
        using var composer = BackgroundComposer.IgnoringInterrupts(project, "up");
        await composer.WaitForOutputAsync("ready", 60);
        Assert.Equal(130, await composer.InterruptAsync(30));
        Assert.Equal("exited", await Docker.StateAsync($"{project.Name}-box-1"));
    }
}
