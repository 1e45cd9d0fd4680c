namespace Composer.Orchestrator.Agent;

/// <summary>
/// Calls back once after a burst of changes to any of the given files settles (editors and
/// `git checkout` write in several steps; one reconcile should follow, on the final content).
/// Watches the folders, since editors often replace a file rather than write into it.
/// </summary>
internal sealed class FileWatch : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _debounce;
    private readonly TimeSpan _quiet;

    public FileWatch(IEnumerable<string> files, TimeSpan quiet, Action changed)
    {
        _quiet = quiet;
        _debounce = new Timer(_ => changed());
        foreach (var folder in files.Select(Path.GetFullPath).GroupBy(f => Path.GetDirectoryName(f)!))
        {
            if (!Directory.Exists(folder.Key)) continue;
            var names = folder.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var watcher = new FileSystemWatcher(folder.Key) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            FileSystemEventHandler onChange = (_, e) => { if (names.Contains(e.Name)) Settle(); };
            watcher.Changed += onChange;
            watcher.Created += onChange;
            watcher.Deleted += onChange;
            watcher.Renamed += (_, e) => { if (names.Contains(e.Name) || names.Contains(e.OldName)) Settle(); };
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    private void Settle() => _debounce.Change(_quiet, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _debounce.Dispose();
    }
}
