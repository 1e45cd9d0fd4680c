using System.Text;
using System.Text.Json;
using Composer.Reconciler.Scheduling;
using Composer.Reconciler.Supervision;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// The agent's state file (`state.json` in the state directory): registered projects, what the
/// supervisor remembers per container, recent job runs. Every change is written to a temporary
/// file of the writing process and renamed over the old one, so a kill at any moment leaves the
/// old or the new state, never half of one. CLIs that find no agent edit it through
/// <see cref="Edit{T}"/>, one at a time. The file is the agent's memory, not the truth: one that
/// cannot be trusted (corrupt, odd, too big) is moved aside with one warning, and registrations
/// come back from <see cref="RegistrationFiles"/>. Mode 0600: it names the host's projects.
/// </summary>
public sealed class AgentStateStore : ISupervisorMemory
{
    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly AgentStateDocument _state;

    private readonly RegistrationFiles _registrations;

    private AgentStateStore(string path, AgentStateDocument state)
    {
        _path = path;
        _state = state;
        _registrations = new RegistrationFiles(Path.GetDirectoryName(path)!);
    }

    /// <summary>How long a CLI waits for another one's edit of the state file before it gives up.</summary>
    private static readonly TimeSpan EditLockPatience = TimeSpan.FromSeconds(30);

    public static string FileIn(string stateDirectory) => Path.Combine(stateDirectory, "state.json");

    /// <summary>
    /// Reads, changes and writes the state file holding an exclusive lock (`state.lock`), so two
    /// CLIs at once (`composer down` of two projects) neither collide nor lose each other's change.
    /// </summary>
    public static T Edit<T>(string stateDirectory, Action<string> warn, Func<AgentStateStore, T> edit)
    {
        Directory.CreateDirectory(stateDirectory);
        using var exclusive = LockFile(Path.Combine(stateDirectory, "state.lock"));
        return edit(Open(stateDirectory, warn));
    }

    private static FileStream LockFile(string path)
    {
        var deadline = DateTime.UtcNow + EditLockPatience;
        while (true)
        {
            // On Unix, .NET takes FileShare.None as an exclusive advisory lock (flock) on the file.
            try { return new FileStream(path, OwnerOnly.Options(FileMode.OpenOrCreate, FileAccess.ReadWrite)); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(20); }
            catch (IOException error) { throw new IOException($"{path}: another composer has held it for {EditLockPatience.TotalSeconds:0} s ({error.Message})", error); }
        }
    }

    /// <summary>The biggest file taken for a state file: the agent's own stays far below (it keeps a few runs per job).</summary>
    public const long MaxFileBytes = 16L * 1024 * 1024;

    /// <param name="warn">Told once when the file was not trusted and moved aside.</param>
    public static AgentStateStore Open(string stateDirectory, Action<string> warn)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = FileIn(stateDirectory);
        var (document, problem) = Read(path);
        if (problem is null)
        {
            var trusted = new AgentStateStore(path, document!);
            trusted.WriteMissingRegistrationFiles(); // state files from before registration files existed
            return trusted;
        }

        var aside = RegistrationFiles.MoveAside(path);
        var (whole, unreadable) = new RegistrationFiles(stateDirectory).ReadAll();
        warn($"{path}: {problem}; moved to {aside}; starting afresh with the {whole.Count} registrations in projects/"
            + (unreadable.Count == 0 ? "" : $" and {unreadable.Count} to register again from the engine's labels ({string.Join(", ", unreadable)})"));
        var store = new AgentStateStore(path, new AgentStateDocument { Projects = whole, ToRebuild = unreadable });
        store.Flush(); // a good file stands from now on: the next reader moves nothing
        return store;
    }

    /// <returns>The document, or why the file cannot be trusted.</returns>
    private static (AgentStateDocument? Document, string? Problem) Read(string path)
    {
        if (Directory.Exists(path)) return (null, "a directory, not a file");
        if (!File.Exists(path)) return (new AgentStateDocument(), null);
        // Sizes are looked at before anything is opened: opening a fifo would wait for a writer forever.
        var length = new FileInfo(path).Length;
        if (length == 0) return (null, "empty, or not a regular file");
        if (length > MaxFileBytes) return (null, $"{length} bytes, more than the {MaxFileBytes} a state file may have");
        try
        {
            using var file = File.OpenRead(path);
            var document = JsonSerializer.Deserialize(file, AgentJson.Default.AgentStateDocument);
            if (document is null) return (null, "holds null");
            return document.Oddity() is { } oddity ? (null, oddity) : (document, null);
        }
        catch (JsonException error) { return (null, $"not JSON the agent can read ({error.Message})"); }
        catch (DecoderFallbackException error) { return (null, $"not UTF-8 ({error.Message})"); }
    }

    // ---- registry ----

    public IReadOnlyList<RegisteredProject> Projects { get { lock (_lock) return [.. _state.Projects]; } }

    public void Register(RegisteredProject project)
    {
        lock (_lock)
        {
            _registrations.Write(project);
            _state.Projects.RemoveAll(p => p.Name == project.Name);
            _state.Projects.Add(project);
            _state.Projects.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            _state.ToRebuild.Remove(project.Name);
            Save();
        }
    }

    private void WriteMissingRegistrationFiles()
    {
        lock (_lock)
            foreach (var project in _state.Projects.Where(p => !_registrations.Exists(p.Name)))
                _registrations.Write(project);
    }

    /// <returns>False (and nothing written) when no project has that name.</returns>
    public bool Unregister(string name)
    {
        lock (_lock)
        {
            _registrations.Delete(name);
            // Removed before the agent rebuilt it from the engine: the rebuild must not bring it back.
            var pending = _state.ToRebuild.Remove(name);
            if (_state.Projects.RemoveAll(p => p.Name == name) == 0)
            {
                if (pending) Save();
                return pending;
            }
            Save();
            return true;
        }
    }

    /// <summary>Projects to register again from the engine's labels (their registration file was unreadable).</summary>
    public IReadOnlyList<string> ToRebuild { get { lock (_lock) return [.. _state.ToRebuild]; } }

    /// <summary>Done with the rebuild: what could not be found on the engine stays unregistered.</summary>
    public void Rebuilt() => Change(s => s.ToRebuild.Clear());

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
        using (var file = new FileStream(temporary, OwnerOnly.Options(FileMode.Create, FileAccess.Write)))
        {
            JsonSerializer.Serialize(file, _state, AgentJson.Default.AgentStateDocument);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, _path, overwrite: true);
    }
}
