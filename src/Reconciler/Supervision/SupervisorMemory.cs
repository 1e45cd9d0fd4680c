using System.Collections.Concurrent;

namespace Composer.Reconciler.Supervision;

/// <summary>What the supervisor must not forget about a container across agent restarts.</summary>
/// <param name="Restarts">Restarts made so far (on-failure:N counts them).</param>
/// <param name="UserStoppedAt">When someone stopped it on purpose; null when it is meant to run.</param>
public sealed record ContainerMemory(int Restarts, DateTimeOffset? UserStoppedAt)
{
    public static readonly ContainerMemory Fresh = new(0, null);
}

/// <summary>Durable per-container memory (the agent keeps it in its state directory).</summary>
public interface ISupervisorMemory
{
    ContainerMemory Recall(string containerId);
    void Remember(string containerId, ContainerMemory memory);
    void Forget(string containerId);
}

/// <summary>For tests and for a supervisor that need not survive its process.</summary>
public sealed class VolatileSupervisorMemory : ISupervisorMemory
{
    private readonly ConcurrentDictionary<string, ContainerMemory> _memories = new(StringComparer.Ordinal);

    public ContainerMemory Recall(string containerId) => _memories.GetValueOrDefault(containerId, ContainerMemory.Fresh);
    public void Remember(string containerId, ContainerMemory memory) => _memories[containerId] = memory;
    public void Forget(string containerId) => _memories.TryRemove(containerId, out _);
}
