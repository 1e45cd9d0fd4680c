using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`composer exec` on a real terminal (tmux), typed into as a person would.</summary>
public sealed class InteractiveTests
{
    [Fact]
    public async Task Exec_on_a_terminal_is_interactive_and_returns_the_shells_exit_code()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        var session = project.Name;
        var exitFile = Path.Combine(project.Directory, "exit");
        var composer = ComposerCli.ShellCommand("-p", project.Name, "exec", "box", "sh");
        (await ProcessRunner.RunAsync("tmux", ["new-session", "-d", "-s", session, "-x", "100", "-y", "20",
            $"cd {project.Directory} && {composer}; echo EXIT=$? > {exitFile}; sleep 30"])).EnsureSuccess("tmux");
        try
        {
            await ScreenAsync(session, screen => screen.Contains("/ #"));
            await ProcessRunner.RunAsync("tmux", ["send-keys", "-t", session, "echo $((6*7))", "Enter"]);
            var screen = await ScreenAsync(session, s => s.Contains("42"));
            Assert.Single(screen.Split('\n'), line => line.Contains("echo $((6*7))"));

            await ProcessRunner.RunAsync("tmux", ["send-keys", "-t", session, "exit 3", "Enter"]);
            var exit = await NetworkingTests.RetryAsync(async () =>
                File.Exists(exitFile) ? (await File.ReadAllTextAsync(exitFile)).Trim() : throw new FileNotFoundException(exitFile));
            Assert.Equal("EXIT=3", exit);
        }
        finally
        {
            await ProcessRunner.RunAsync("tmux", ["kill-session", "-t", session]);
        }
    }

    [Fact]
    public async Task Run_on_a_terminal_gets_a_tty_and_the_keyboard()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var session = project.Name;
        var exitFile = Path.Combine(project.Directory, "exit");
        var composer = ComposerCli.ShellCommand("-p", project.Name, "run", "--rm", "box", "sh");
        (await ProcessRunner.RunAsync("tmux", ["new-session", "-d", "-s", session, "-x", "100", "-y", "20",
            $"cd {project.Directory} && {composer}; echo EXIT=$? > {exitFile}; sleep 30"])).EnsureSuccess("tmux");
        try
        {
            await ScreenAsync(session, screen => screen.Contains("/ #"));
            await ProcessRunner.RunAsync("tmux", ["send-keys", "-t", session, "tty; echo $((6*7))", "Enter"]);
            var screen = await ScreenAsync(session, s => s.Contains("42"));
            Assert.Contains("/dev/pts/", screen);

            await ProcessRunner.RunAsync("tmux", ["send-keys", "-t", session, "exit 4", "Enter"]);
            var exit = await NetworkingTests.RetryAsync(async () =>
                File.Exists(exitFile) ? (await File.ReadAllTextAsync(exitFile)).Trim() : throw new FileNotFoundException(exitFile));
            Assert.Equal("EXIT=4", exit);
            Assert.Empty(await Docker.ContainersAsync(project.Name)); // --rm
        }
        finally
        {
            await ProcessRunner.RunAsync("tmux", ["kill-session", "-t", session]);
        }
    }

    internal static Task<string> ScreenAsync(string session, Func<string, bool> ready) =>
        NetworkingTests.RetryAsync(async () =>
        {
            var screen = (await ProcessRunner.RunAsync("tmux", ["capture-pane", "-p", "-t", session])).Stdout;
            return ready(screen) ? screen : throw new InvalidOperationException(screen);
        }, attempts: 60);
}
