using System.Text.Json;
using Composer.Reconciler.Scheduling;
using Composer.Reconciler.Supervision;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// The agent's state file (`state.json` in the state directory): registered projects, what the
/// supervisor remembers per container, recent job runs. Every change is written to a temporary
/// file of the writing process and renamed over the old one, so a kill at any moment leaves the
/// old or the new state, never half of one. CLIs that find no agent edit it through
/// <see cref="Edit{T}"/>, one at a time.
/// </summary>
public sealed class AgentStateStore : ISupervisorMemory
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly AgentStateDocument _state;

    private AgentStateStore(string path, AgentStateDocument state)
    {
        _path = path;
        _state = state;
    }

    /// <summary>How long a CLI waits for another one's edit of the state file before it gives up.</summary>
    private static readonly TimeSpan EditLockPatience = TimeSpan.FromSeconds(30);

    public static string FileIn(string stateDirectory) => Path.Combine(stateDirectory, "state.json");

    /// <summary>
    /// Reads, changes and writes the state file holding an exclusive lock (`state.lock`), so two
    /// CLIs at once (`composer down` of two projects) neither collide nor lose each other's change.
    /// </summary>
    public static T Edit<T>(string stateDirectory, Func<AgentStateStore, T> edit)
    {
        Directory.CreateDirectory(stateDirectory);
        using var exclusive = LockFile(Path.Combine(stateDirectory, "state.lock"));
        return edit(Open(stateDirectory));
    }

    private static FileStream LockFile(string path)
    {
        var deadline = DateTime.UtcNow + EditLockPatience;
        while (true)
        {
            // On Unix, .NET takes FileShare.None as an exclusive advisory lock (flock) on the file.
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(20); }
            catch (IOException error) { throw new IOException($"{path}: another composer has held it for {EditLockPatience.TotalSeconds:0} s ({error.Message})", error); }
        }
    }

    public static AgentStateStore Open(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = FileIn(stateDirectory);
        if (!File.Exists(path)) return new AgentStateStore(path, new AgentStateDocument());
        try
        {
            using var file = File.OpenRead(path);
            return new AgentStateStore(path, JsonSerializer.Deserialize(file, AgentJson.Default.AgentStateDocument) ?? new AgentStateDocument());
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not a state file the agent can read ({error.Message}); move it away to start afresh");
        }
    }

    // ---- registry ----

    public IReadOnlyList<RegisteredProject> Projects { get { lock (_lock) return [.. _state.Projects]; } }

    public void Register(RegisteredProject project) => Change(s =>
    {
        s.Projects.RemoveAll(p => p.Name == project.Name);
        s.Projects.Add(project);
        s.Projects.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
    });

    /// <returns>False (and nothing written) when no project has that name.</returns>
    public bool Unregister(string name)
    {
        lock (_lock)
        {
            if (_state.Projects.RemoveAll(p => p.Name == name) == 0) return false;
            Save();
            return true;
        }
    }

    // ---- supervisor memory ----

    public ContainerMemory Recall(string containerId)
    {
        lock (_lock) return _state.Containers.GetValueOrDefault(containerId, ContainerMemory.Fresh);
    }

    public void Remember(string containerId, ContainerMemory memory)
    {
        lock (_lock)
        {
            if (_state.Containers.GetValueOrDefault(containerId, ContainerMemory.Fresh) == memory) return;
            _state.Containers[containerId] = memory;
            Save();
        }
    }

    public void Forget(string containerId) => Change(s => s.Containers.Remove(containerId));

    public int Retain(IReadOnlySet<string> present)
    {
        lock (_lock)
        {
            var gone = _state.Containers.Keys.Where(id => !present.Contains(id)).ToList();
            if (gone.Count == 0) return 0;
            foreach (var id in gone) _state.Containers.Remove(id);
            Save();
            return gone.Count;
        }
    }

    // ---- jobs and events ----

    public IReadOnlyList<JobRun> Runs(string job) { lock (_lock) return [.. _state.JobRuns.GetValueOrDefault(job) ?? []]; }

    public void Record(string job, JobRun run, int keep) => Change(s =>
    {
        var runs = s.JobRuns.TryGetValue(job, out var list) ? list : s.JobRuns[job] = [];
        runs.Insert(0, run);
        if (runs.Count > keep) runs.RemoveRange(keep, runs.Count - keep);
    });

    public DateTimeOffset? LastEventAt { get { lock (_lock) return _state.LastEventAt; } }

    /// <summary>Kept in memory; written with the next change or <see cref="Flush"/> (an event replayed twice is harmless).</summary>
    public void SawEventAt(DateTimeOffset at) { lock (_lock) _state.LastEventAt = at; }

    public void Flush() => Change(_ => { });

    private void Change(Action<AgentStateDocument> change)
    {
        lock (_lock)
        {
            change(_state);
            Save();
        }
    }

    private void Save()
    {
        var temporary = $"{_path}.{Environment.ProcessId}.tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, _state, AgentJson.Default.AgentStateDocument);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
    }
}
