using System.Collections.Immutable;
using System.Text;
using Composer.Engine;
using Composer.Model;

namespace Composer.Reconciler.Containers;

/// <summary>
/// `post_start` and `pre_stop`, as docker compose runs them: each hook an exec in the service's container
/// (its user, privileged, working_dir and environment), one after another, waited for to its end. A
/// post_start hook that fails fails the start, with the end of its output; a pre_stop hook runs only in a
/// running container (one already stopped or gone has nothing to prepare) and a failure stops the stop.
/// </summary>
public sealed class LifecycleHooks(IEngineClient engine, Project project)
{
    /// <summary>How much of a failing hook's output its error keeps (docker compose keeps ten lines, 2 KiB).</summary>
    private const int TailLines = 10;
    private const int TailBytes = 2048;

    /// <summary>After the container of <paramref name="service"/> started; nothing for a service the project does not declare.</summary>
    public Task AfterStartAsync(string? service, string containerId, CancellationToken cancellationToken) =>
        RunAllAsync(service, containerId, s => s.PostStart, cancellationToken);

    /// <summary>Before the container of <paramref name="service"/> is stopped.</summary>
    public async Task BeforeStopAsync(string? service, string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await RunAllAsync(service, containerId, s => s.PreStop, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException error) when (error is EngineConflictException or EngineNotFoundException)
        {
            // Not running (409) or already gone (404): as docker compose, nothing to run the hook in.
        }
    }

    private async Task RunAllAsync(string? service, string containerId, Func<ServiceConfig, ImmutableArray<ServiceHook>> hooks, CancellationToken cancellationToken)
    {
        if (service is null || !project.Services.TryGetValue(service, out var config)) return;
        foreach (var hook in hooks(config))
            await RunAsync(config.Name, containerId, hook, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(string service, string containerId, ServiceHook hook, CancellationToken cancellationToken)
    {
        var environment = hook.EngineEnvironment.ToList();
        var id = await engine.CreateExecAsync(containerId, new ExecRequest
        {
            Cmd = [.. hook.Command],
            User = hook.User,
            Privileged = hook.Privileged,
            WorkingDir = hook.WorkingDir,
            Env = environment.Count > 0 ? environment : null,
            AttachStdout = true,
            AttachStderr = true,
        }, cancellationToken).ConfigureAwait(false);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        await using (var connection = await engine.StartExecInteractiveAsync(id, tty: false, cancellationToken).ConfigureAwait(false))
            await foreach (var frame in StreamDemultiplexer.ReadAsync(connection.Stream, tty: false, cancellationToken).ConfigureAwait(false))
                (frame.Stream == LogStream.StdErr ? stderr : stdout).Append(Encoding.UTF8.GetString(frame.Payload.Span));
        var code = (await engine.InspectExecAsync(id, cancellationToken).ConfigureAwait(false)).ExitCode ?? 0;
        if (code == 0) return;
        // stderr usually says what went wrong; stdout is the fallback.
        var output = Tail(stderr.ToString()) is { Length: > 0 } err ? err : Tail(stdout.ToString());
        throw new HookFailedException(service, code,
            output.Length == 0 ? $"{service} hook exited with status {code}" : $"{service} hook exited with status {code}: {output}");
    }

    /// <summary>The last lines that say something, each as a terminal would leave it after carriage returns.</summary>
    internal static string Tail(string output)
    {
        var lines = output.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Select(l => l.LastIndexOf('\r') is var cr and >= 0 ? l[(cr + 1)..] : l)
            .Where(l => l.Trim().Length > 0)
            .TakeLast(TailLines);
        var text = string.Join("\n", lines).Trim();
        return text.Length > TailBytes ? text[^TailBytes..] : text;
    }
}

/// <summary>A lifecycle hook exited with a non-zero status; the message ends with its output.</summary>
public sealed class HookFailedException(string service, long exitCode, string message) : Exception(message)
{
    public string Service { get; } = service;
    public long ExitCode { get; } = exitCode;
}
