using System.Diagnostics;

namespace Composer.EndToEnd.Tests.Harness;

/// <summary>
/// A project's container events, followed from the moment a test starts (`docker events`). Asking
/// the engine afterwards with --since is not enough: it keeps only its last 256 events, which an
/// engine busy with the whole suite overwrites in seconds.
/// </summary>
public sealed class EventRecorder : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<(long TimeNano, string Container, string Action)> _events = [];

    private EventRecorder(Process process) => _process = process;

    public static EventRecorder Start(string project)
    {
        var since = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // --since as well as following: events between this call and the subscription are replayed.
        foreach (var arg in new[] { "events", "--since", since, "--filter", "type=container",
                     "--filter", $"label=com.docker.compose.project={project}",
                     "--format", "{{.TimeNano}}\t{{.Actor.Attributes.name}}\t{{.Action}}" })
            info.ArgumentList.Add(arg);
        var recorder = new EventRecorder(Process.Start(info)!);
        recorder._process.OutputDataReceived += (_, e) => recorder.Add(e.Data);
        recorder._process.BeginOutputReadLine();
        recorder._process.BeginErrorReadLine();
        return recorder;
    }

    /// <summary>Engine timestamps (ns since the epoch) of one container's events of one kind, in order.</summary>
    public long[] Times(string container, string action)
    {
        lock (_events) return [.. _events.Where(e => e.Container == container && e.Action == action).Select(e => e.TimeNano).Order()];
    }

    /// <summary>One container's events as "HH:mm:ss.fff action" lines: what a failure should show.</summary>
    public string Timeline(string container)
    {
        lock (_events)
            return string.Join('\n', _events.Where(e => e.Container == container).OrderBy(e => e.TimeNano)
                .Select(e => $"{DateTimeOffset.UnixEpoch.AddTicks(e.TimeNano / 100):HH:mm:ss.fff} {e.Action}"));
    }

    private void Add(string? line)
    {
        if (line?.Split('\t') is not [var time, var container, var action] || !long.TryParse(time, out var nanos)) return;
        lock (_events) _events.Add((nanos, container, action));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
