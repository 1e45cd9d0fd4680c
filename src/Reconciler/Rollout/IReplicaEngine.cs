namespace Composer.Reconciler.Rollout;

/// <summary>
/// The engine calls a rollout makes, one replica at a time. <see cref="Execution.EngineReplicas"/>
/// makes them on the real engine; unit tests script them to drive every failure path.
/// </summary>
public interface IReplicaEngine
{
    /// <summary>Creates a container of the service with the given replica number and name; returns its id.</summary>
    Task<string> CreateAsync(string service, int number, string name, CancellationToken cancellationToken);
    Task StartAsync(string id, CancellationToken cancellationToken);
    /// <summary>Null once the container is ready to serve (healthy, or running for the monitor period); otherwise why not.</summary>
    Task<string?> AwaitReadyAsync(string id, TimeSpan? monitor, CancellationToken cancellationToken);
    Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken);
    Task RemoveAsync(string id, CancellationToken cancellationToken);
    Task RenameAsync(string id, string name, CancellationToken cancellationToken);
}

/// <summary>A rollout that did not complete; the message says what failed and what was done about it.</summary>
public sealed class RolloutFailedException(string service, string key, string message) : Exception(message)
{
    public string Service { get; } = service;
    /// <summary>The version that failed (<see cref="RolloutPlan.Key"/>).</summary>
    public string Key { get; } = key;
}
