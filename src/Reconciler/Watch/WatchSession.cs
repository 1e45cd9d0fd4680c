using System.Diagnostics;
using System.Globalization;
using Composer.Engine;
using Composer.Model;

namespace Composer.Reconciler.Watch;

/// <summary>
/// `watch` once the services run: host changes (inotify through FileSystemWatcher) are batched,
/// routed to the rules that accept them, and acted on service by service in Compose's order of
/// precedence: a rebuild (which replaces the container, changes and all) else the syncs, then one
/// restart, then the execs. Each action is reported with its files and how long it took; a failed
/// action is reported and watching goes on, as in docker compose.
/// </summary>
public sealed class WatchSession(IEngineClient engine, Project project, WatchRouter router, Action<string> report)
{
    private readonly ContainerSync _sync = new(engine);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Builds the service's image and recreates its containers (the caller owns the progress display).</summary>
    public required Func<string, CancellationToken, Task> RebuildAsync { get; init; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var batcher = new ChangeBatcher(Time, ChangeBatcher.DefaultQuiet, ChangeBatcher.DefaultLongest);
        var watchers = router.Roots().Select(root => Watch(root, batcher)).ToList();
        try
        {
            await InitialSyncAsync(cancellationToken).ConfigureAwait(false);
            report($"Watch enabled for {string.Join(", ", router.Triggers.Select(t => t.Service).Distinct())} (Ctrl+C to stop)");
            while (true)
            {
                var batch = await batcher.NextAsync(cancellationToken).ConfigureAwait(false);
                await HandleAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var watcher in watchers) watcher.Dispose();
        }
    }

    /// <summary>Acts on one batch of changed host paths.</summary>
    public async Task HandleAsync(IReadOnlyList<string> batch, CancellationToken cancellationToken)
    {
        foreach (var service in router.Route(batch).GroupBy(r => r.Trigger.Service))
        {
            try
            {
                await ApplyAsync(service.Key, [.. service], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                report($"{service.Key}: watch action failed: {error.Message}");
            }
        }
    }

    private async Task ApplyAsync(string service, IReadOnlyList<TriggeredRule> fired, CancellationToken cancellationToken)
    {
        if (fired.FirstOrDefault(r => r.Trigger.Rule.Action == WatchAction.Rebuild) is { } rebuild)
        {
            var started = Stopwatch.StartNew();
            report($"{service}: rebuilding after {Describe(rebuild.HostPaths)}");
            await RebuildAsync(service, cancellationToken).ConfigureAwait(false);
            report($"{service}: rebuilt and recreated in {Took(started)}");
            return;
        }
        var containers = await RunningContainersAsync(service, cancellationToken).ConfigureAwait(false);
        if (containers.Count == 0)
        {
            report($"{service}: no running container, {Describe(fired.SelectMany(r => r.HostPaths))} not applied");
            return;
        }
        foreach (var rule in fired.Where(r => WatchActions.Syncs(r.Trigger.Rule.Action)))
        {
            var started = Stopwatch.StartNew();
            var removed = rule.HostPaths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
            var copied = rule.HostPaths.Except(removed).ToList();
            await Task.WhenAll(containers.Select(id => _sync.SyncAsync(id, rule.Mappings, rule.Trigger.Filter.Accepts, cancellationToken))).ConfigureAwait(false);
            var what = string.Join("; ", new[] { copied.Count > 0 ? "copied " + Describe(copied) : null, removed.Count > 0 ? "removed " + Describe(removed) : null }.OfType<string>());
            report($"{service}: synced to {rule.Trigger.Rule.Target}: {what} in {Took(started)}");
        }
        if (fired.FirstOrDefault(r => r.Trigger.Rule.Action is WatchAction.Restart or WatchAction.SyncRestart) is { } restart)
        {
            var started = Stopwatch.StartNew();
            var grace = Containers.StopGrace.Seconds(Containers.StopGrace.Of(project.Services[service]));
            // As docker compose's restart: pre_stop before, post_start after.
            var hooks = new Containers.LifecycleHooks(engine, project);
            await Task.WhenAll(containers.Select(async id =>
            {
                await hooks.BeforeStopAsync(service, id, cancellationToken).ConfigureAwait(false);
                await engine.RestartContainerAsync(id, grace, cancellationToken).ConfigureAwait(false);
                await hooks.AfterStartAsync(service, id, cancellationToken).ConfigureAwait(false);
            })).ConfigureAwait(false);
            report($"{service}: restarted after {Describe(restart.HostPaths)} in {Took(started)}");
        }
        foreach (var rule in fired.Where(r => r.Trigger.Rule is { Action: WatchAction.SyncExec, Exec: not null }))
            foreach (var id in containers)
                await ExecAsync(service, id, rule.Trigger.Rule.Exec!, cancellationToken).ConfigureAwait(false);
    }

    private async Task ExecAsync(string service, string containerId, ServiceHook hook, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var (code, output) = await _sync.ExecAsync(containerId, new ExecRequest
        {
            Cmd = [.. hook.Command],
            User = hook.User,
            Privileged = hook.Privileged,
            WorkingDir = hook.WorkingDir,
            Env = [.. hook.Environment.Select(e => e.Value is null ? e.Key : $"{e.Key}={e.Value}")],
        }, cancellationToken).ConfigureAwait(false);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries)) report($"{service}: | {line.TrimEnd('\r')}");
        var command = string.Join(' ', hook.Command);
        report(code == 0 ? $"{service}: ran '{command}' in {Took(started)}" : $"{service}: '{command}' exited with code {code} after {Took(started)}");
    }

    /// <summary>initial_sync: each such rule's whole path copied before watching starts, so the container starts from the host's files.</summary>
    private async Task InitialSyncAsync(CancellationToken cancellationToken)
    {
        foreach (var trigger in router.Triggers.Where(t => t.Rule.InitialSync && WatchActions.Syncs(t.Rule.Action)))
        {
            if (!File.Exists(trigger.Rule.Path) && !Directory.Exists(trigger.Rule.Path)) continue;
            var started = Stopwatch.StartNew();
            var mapping = new PathMapping(trigger.Rule.Path, trigger.ContainerPath(trigger.Rule.Path));
            foreach (var id in await RunningContainersAsync(trigger.Service, cancellationToken).ConfigureAwait(false))
                await _sync.SyncAsync(id, [mapping], trigger.Filter.Accepts, cancellationToken).ConfigureAwait(false);
            report($"{trigger.Service}: initial sync of {Show(trigger.Rule.Path)} to {trigger.Rule.Target} in {Took(started)}");
        }
    }

    private async Task<List<string>> RunningContainersAsync(string service, CancellationToken cancellationToken)
    {
        var containers = await engine.ListContainersAsync(false,
            ComposeLabels.ServiceFilters(project.Name, service), cancellationToken).ConfigureAwait(false);
        return [.. containers.Select(c => c.Id)];
    }

    private FileSystemWatcher Watch(string root, ChangeBatcher batcher)
    {
        var watcher = new FileSystemWatcher(root)
        {
            IncludeSubdirectories = true,
            InternalBufferSize = 64 * 1024,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.Attributes,
        };
        watcher.Changed += (_, e) => batcher.Add(e.FullPath);
        watcher.Created += (_, e) => batcher.Add(e.FullPath);
        watcher.Deleted += (_, e) => batcher.Add(e.FullPath);
        watcher.Renamed += (_, e) => { batcher.Add(e.OldFullPath); batcher.Add(e.FullPath); };
        watcher.Error += (_, e) => report($"watch: {e.GetException().Message} (some changes under {root} may have been missed)");
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private string Describe(IEnumerable<string> paths)
    {
        var shown = paths.Select(Show).ToList();
        return shown.Count <= 5 ? string.Join(", ", shown) : $"{string.Join(", ", shown.Take(5))} and {shown.Count - 5} more";
    }

    /// <summary>Host paths as the user knows them: relative to the project directory when inside it.</summary>
    private string Show(string path) => WatchFilter.Relative(project.WorkingDirectory, path) is { Length: > 0 } relative ? relative : path;

    private static string Took(Stopwatch started) => started.Elapsed.TotalSeconds >= 1
        ? started.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : started.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms";
}
