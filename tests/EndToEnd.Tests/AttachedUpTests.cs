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
        var (composer, output) = Start(project, "up");
        using var _ = composer;
        string Output() => output();

        await Eventually.TrueAsync(() => Task.FromResult(Output().Contains("ready")), TimeSpan.FromSeconds(60), Output);
        await Interrupt(composer);
        await Eventually.TrueAsync(() => Task.FromResult(Output().Contains("Gracefully stopping")), TimeSpan.FromSeconds(10), Output);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(composer.HasExited); // waiting out the 60 s grace period for the stubborn container
        var second = Stopwatch.StartNew();
        await Interrupt(composer);

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await composer.WaitForExitAsync(limit.Token);
        Assert.InRange(second.Elapsed.TotalSeconds, 0, 15);
        Assert.Equal(130, composer.ExitCode);
        Assert.Contains("Killed", Output());
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
        var (composer, output) = Start(project, "up");
        using var _ = composer;
        await Eventually.TrueAsync(() => Task.FromResult(output().Contains("hello from")), TimeSpan.FromSeconds(60), output);

        await project.ComposerOkAsync("up", "-d", "--scale", "box=2");
        await Eventually.TrueAsync(() => Task.FromResult(System.Text.RegularExpressions.Regex.IsMatch(output(), $@"{project.Name}-box-2\s+\| hello from")),
            TimeSpan.FromSeconds(30), output);
        await Interrupt(composer);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await composer.WaitForExitAsync(limit.Token);
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
        var (composer, output) = Start(project, ignoringInterrupts: true, "up");
        using var _ = composer;
        await Eventually.TrueAsync(() => Task.FromResult(output().Contains("ready")), TimeSpan.FromSeconds(60), output);
        await Interrupt(composer);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await composer.WaitForExitAsync(limit.Token);
        Assert.Equal(130, composer.ExitCode);
        Assert.Equal("exited", await Docker.StateAsync($"{project.Name}-box-1"));
    }

    private static (Process Process, Func<string> Output) Start(TempProject project, params string[] args) =>
        Start(project, ignoringInterrupts: false, args);

    /// <summary>composer in the background, its stdout and stderr collected together; optionally exec'd with SIGINT ignored, as a shell starts background jobs.</summary>
    private static (Process Process, Func<string> Output) Start(TempProject project, bool ignoringInterrupts, params string[] args)
    {
        var info = ignoringInterrupts
            ? new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false }
            : ComposerCli.StartInfo(["-p", project.Name, .. args]);
        if (ignoringInterrupts)
            foreach (var arg in new[] { "-c", "trap '' INT; exec " + ComposerCli.ShellCommand(["-p", project.Name, .. args]) }) info.ArgumentList.Add(arg);
        info.WorkingDirectory = project.Directory;
        var process = Process.Start(info)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, () => { lock (output) return output.ToString(); });
    }

    private static async Task Interrupt(Process process) =>
        (await ProcessRunner.RunAsync("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).EnsureSuccess("kill -INT");
}
