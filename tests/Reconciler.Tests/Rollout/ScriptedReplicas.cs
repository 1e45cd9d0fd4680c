using System.Collections.Concurrent;
using Composer.Reconciler.Rollout;

namespace Composer.Reconciler.Tests.Rollout;

/// <summary>
/// A fake of the rollout's engine calls: records each call in order and answers readiness from a
/// script (by container name), so every failure path can be driven without an engine.
/// </summary>
internal sealed class ScriptedReplicas : IReplicaEngine
{
    private readonly ConcurrentDictionary<string, string> _names = new();
    private int _created;

    public List<string> Calls { get; } = [];
    /// <summary>Container name -> why it is not ready (absent: ready).</summary>
    public Dictionary<string, string> NotReady { get; } = [];
    public HashSet<string> FailCreate { get; } = [];

    private void Record(string call) { lock (Calls) Calls.Add(call); }

    public Task<string> CreateAsync(string service, int number, string name, CancellationToken cancellationToken)
    {
        Record($"create {name} #{number}");
        if (FailCreate.Contains(name)) throw new InvalidOperationException("no such image");
        var id = $"new{Interlocked.Increment(ref _created)}";
        _names[id] = name;
        return Task.FromResult(id);
    }

    public Task StartAsync(string id, CancellationToken cancellationToken) { Record($"start {Name(id)}"); return Task.CompletedTask; }

    public Task<string?> AwaitReadyAsync(string id, TimeSpan? monitor, CancellationToken cancellationToken)
    {
        Record($"await {Name(id)}");
        return Task.FromResult(NotReady.GetValueOrDefault(Name(id)));
    }

    public Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken) { Record($"stop {Name(id)} {grace.TotalSeconds}s"); return Task.CompletedTask; }
    public Task RemoveAsync(string id, CancellationToken cancellationToken) { Record($"remove {Name(id)}"); return Task.CompletedTask; }

    public Task RenameAsync(string id, string name, CancellationToken cancellationToken)
    {
        Record($"rename {Name(id)} -> {name}");
        _names[id] = name;
        return Task.CompletedTask;
    }

    /// <summary>Old containers are known by id "old-N" and named demo-web-N.</summary>
    private string Name(string id) => _names.GetValueOrDefault(id) ?? (id.StartsWith("old-", StringComparison.Ordinal) ? $"demo-web-{id[4..]}" : id);
}
