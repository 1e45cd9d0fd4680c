using System.Text.Json;
using Composer.Reconciler.Scheduling;
using Composer.Reconciler.Supervision;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// The agent's state file (`state.json` in the state directory): registered projects, what the
/// supervisor remembers per container, recent job runs. Every change is written to a temporary
/// file and renamed over the old one, so a kill at any moment leaves the old or the new state,
/// never half of one.
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

    public static string FileIn(string stateDirectory) => Path.Combine(stateDirectory, "state.json");

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

    public bool Unregister(string name)
    {
        var removed = false;
        Change(s => removed = s.Projects.RemoveAll(p => p.Name == name) > 0);
        return removed;
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
        var temporary = _path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, _state, AgentJson.Default.AgentStateDocument);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
    }
}
