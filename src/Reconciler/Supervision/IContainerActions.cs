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
    public Task StartAsync(string id, CancellationToken cancellationToken) => engine.StartContainerAsync(id, cancellationToken);

    public Task StopAsync(string id, TimeSpan grace, CancellationToken cancellationToken) =>
        engine.StopContainerAsync(id, (int)Math.Ceiling(grace.TotalSeconds), cancellationToken);
}
