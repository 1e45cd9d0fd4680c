using Composer.Engine;

namespace Composer.Reconciler.Supervision;

/// <summary>The two things the supervisor does to a container; the engine in production, a recorder in unit tests.</summary>
public interface IContainerActions
{
    Task StartAsync(string id, CancellationToken cancellationToken);
    Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken);
}

internal sealed class EngineContainerActions(IEngineClient engine) : IContainerActions
{

    /// <summary>
    /// Not while the engine shuts down: a start sent then on a pooled connection reaches a daemon
    /// whose containerd is going away, and leaves a task behind that fails every later start of the
    /// container with "task already exists" (seen by the chaos suite). The reconnect adopts it anew.
    /// </summary>
    public async Task StartAsync(string id, CancellationToken cancellationToken)
    {
        if (!await engine.AcceptsNewConnectionsAsync(cancellationToken).ConfigureAwait(false))
            throw new EngineUnavailableException(engine.Endpoint.ToString(), new IOException("the engine is shutting down"));
        await engine.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken) =>
        engine.StopContainerAsync(id, (int)Math.Ceiling(grace.TotalSeconds), cancellationToken);
}
