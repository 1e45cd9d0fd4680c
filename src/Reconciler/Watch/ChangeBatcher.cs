namespace Composer.Reconciler.Watch;

/// <summary>
/// Gathers changed paths into batches: a batch is due once no change came for the quiet period
/// (an editor's save is several events; a `git checkout` hundreds), or once the oldest change has
/// waited the longest delay, so a stream of writes that never pauses is still synced.
/// </summary>
public sealed class ChangeBatcher(TimeProvider time, TimeSpan quiet, TimeSpan longest)
{
    private readonly Lock _gate = new();
    private readonly SortedSet<string> _pending = new(StringComparer.Ordinal);
    private DateTimeOffset _first, _last;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Short enough to feel instant, long enough to see a save's events as one.</summary>
    public static readonly TimeSpan DefaultQuiet = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan DefaultLongest = TimeSpan.FromSeconds(1);

    public void Add(string path)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_pending.Count == 0) _first = now;
            _last = now;
            _pending.Add(path);
            changed = _changed;
        }
        changed.TrySetResult();
    }

    /// <summary>How long until the pending batch is due; null when nothing is pending.</summary>
    public TimeSpan? DueIn()
    {
        lock (_gate) return DueInLocked();
    }

    /// <summary>The pending paths (sorted, each once) when they are due, else null.</summary>
    public IReadOnlyList<string>? TakeDue()
    {
        lock (_gate)
        {
            if (DueInLocked() is not { } due || due > TimeSpan.Zero) return null;
            var batch = _pending.ToList();
            _pending.Clear();
            return batch;
        }
    }

    /// <summary>Waits for the next due batch.</summary>
    public async Task<IReadOnlyList<string>> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_changed.Task.IsCompleted) _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                changed = _changed.Task;
            }
            if (TakeDue() is { } batch) return batch;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var wait = DueIn() is { } due ? Task.WhenAny(changed, Task.Delay(due, time, stop.Token)) : changed.WaitAsync(cancellationToken);
            try { await wait.ConfigureAwait(false); }
            finally { await stop.CancelAsync().ConfigureAwait(false); }
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private TimeSpan? DueInLocked()
    {
        if (_pending.Count == 0) return null;
        var dueAt = _last + quiet < _first + longest ? _last + quiet : _first + longest;
        var left = dueAt - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
