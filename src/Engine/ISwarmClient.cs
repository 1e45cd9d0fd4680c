namespace Composer.Engine;

/// <summary>
/// The Engine API's swarm-mode calls (API 1.41), as much as `composer stack` uses. Apart from
/// <see cref="IEngineClient"/> so container-only code and its fakes never see swarm. The network
/// calls are the engine's ordinary ones (an overlay is a network with driver "overlay"), repeated
/// here so stack code needs this interface alone.
/// </summary>
public interface ISwarmClient
{
    // swarm
    /// <returns>The new node's id.</returns>
    Task<string> InitSwarmAsync(SwarmInitRequest request, CancellationToken cancellationToken);
    /// <summary>Includes the join tokens; throws <see cref="SwarmUnavailableException"/> when the engine is no swarm manager.</summary>
    Task<SwarmInspect> InspectSwarmAsync(CancellationToken cancellationToken);
    Task LeaveSwarmAsync(bool force, CancellationToken cancellationToken);
    Task<IReadOnlyList<SwarmNode>> ListNodesAsync(CancellationToken cancellationToken);

    // services
    Task<IReadOnlyList<SwarmService>> ListServicesAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken, bool status = false);
    Task<SwarmService> InspectServiceAsync(string idOrName, CancellationToken cancellationToken);
    Task<ServiceCreateResponse> CreateServiceAsync(ServiceSpec spec, CancellationToken cancellationToken);
    /// <param name="version">The Version.Index the service was read at; a concurrent change makes the engine refuse.</param>
    Task<ServiceUpdateResponse> UpdateServiceAsync(string id, long version, ServiceSpec spec, CancellationToken cancellationToken);
    Task RemoveServiceAsync(string idOrName, CancellationToken cancellationToken);
    IAsyncEnumerable<LogFrame> ServiceLogsAsync(string idOrName, LogRequest request, CancellationToken cancellationToken);

    // tasks
    Task<IReadOnlyList<SwarmTask>> ListTasksAsync(TaskFilters filters, CancellationToken cancellationToken);

    // configs and secrets
    Task<string> CreateConfigAsync(SwarmObjectSpec spec, CancellationToken cancellationToken);
    Task<IReadOnlyList<SwarmObject>> ListConfigsAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken);
    Task RemoveConfigAsync(string idOrName, CancellationToken cancellationToken);
    Task<string> CreateSecretAsync(SwarmObjectSpec spec, CancellationToken cancellationToken);
    Task<IReadOnlyList<SwarmObject>> ListSecretsAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken);
    Task RemoveSecretAsync(string idOrName, CancellationToken cancellationToken);

    // networks (overlays are created with Driver = "overlay")
    Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken);
    Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken);
    Task RemoveNetworkAsync(string name, CancellationToken cancellationToken);
}
