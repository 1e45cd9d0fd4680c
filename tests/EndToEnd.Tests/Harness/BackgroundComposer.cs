using System.Diagnostics;
using System.Text;

namespace Composer.EndToEnd.Tests.Harness;

/// <summary>
/// A long-running composer (`up`, `watch`, `up --watch`) in a project's folder, its output collected;
/// interrupted with SIGINT as Ctrl-C does, and killed on dispose if still running.
/// </summary>
public sealed class BackgroundComposer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public BackgroundComposer(TempProject project, params string[] args) : this(project.Name, project.Directory, args)
    {
    }

    public BackgroundComposer(string projectName, string directory, params string[] args)
        : this(ComposerCli.StartInfo(["-p", projectName, .. args]), directory)
    {
    }

    /// <summary>Exec'd by a shell with SIGINT ignored, as a shell starts its background jobs.</summary>
    public static BackgroundComposer IgnoringInterrupts(TempProject project, params string[] args)
    {
        var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "trap '' INT; exec " + ComposerCli.ShellCommand(["-p", project.Name, .. args]) }) info.ArgumentList.Add(arg);
        return new BackgroundComposer(info, project.Directory);
    }

    private BackgroundComposer(ProcessStartInfo info, string directory)
    {
        info.WorkingDirectory = directory;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    public Task WaitForOutputAsync(string text, int seconds = 120) =>
        Eventually.TrueAsync(() => Output.Contains(text, StringComparison.Ordinal), TimeSpan.FromSeconds(seconds), () => $"no '{text}' in:\n{Output}");

    /// <summary>SIGINT, as Ctrl-C sends it, without waiting for anything.</summary>
    public async Task SendInterruptAsync() =>
        (await ProcessRunner.RunAsync("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])).EnsureSuccess("kill -INT");

    /// <summary>Waits for the exit; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(int seconds = 60)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGINT, then waits for the exit; returns the exit code.</summary>
    public async Task<int> InterruptAsync(int seconds = 60)
    {
        await SendInterruptAsync();
        return await WaitForExitAsync(seconds);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
