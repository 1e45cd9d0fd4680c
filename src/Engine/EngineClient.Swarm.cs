using System.Runtime.CompilerServices;

namespace Composer.Engine;

/// <summary>Swarm mode: the swarm itself, nodes, services, tasks, configs and secrets.</summary>
public sealed partial class EngineClient : ISwarmClient
{
    // swarm

    public Task<string> InitSwarmAsync(SwarmInitRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync("/swarm/init", request, SwarmJson.Default.SwarmInitRequest, SwarmJson.Default.String, cancellationToken);

    public Task<SwarmInspect> InspectSwarmAsync(CancellationToken cancellationToken) =>
        GetAsync("/swarm", SwarmJson.Default.SwarmInspect, cancellationToken);

    public Task LeaveSwarmAsync(bool force, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/swarm/leave?force={Bool(force)}", cancellationToken);

    public async Task<IReadOnlyList<SwarmNode>> ListNodesAsync(CancellationToken cancellationToken) =>
        await GetAsync("/nodes", SwarmJson.Default.ListSwarmNode, cancellationToken).ConfigureAwait(false);

    // services

    public async Task<IReadOnlyList<SwarmService>> ListServicesAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken,
        bool status = false) =>
        await GetAsync($"/services?filters={LabelFilter(labelFilters)}{(status ? "&status=true" : "")}", SwarmJson.Default.ListSwarmService,
            cancellationToken).ConfigureAwait(false);

    public Task<SwarmService> InspectServiceAsync(string idOrName, CancellationToken cancellationToken) =>
        GetAsync($"/services/{Escape(idOrName)}", SwarmJson.Default.SwarmService, cancellationToken);

    public Task<ServiceCreateResponse> CreateServiceAsync(ServiceSpec spec, CancellationToken cancellationToken) =>
        PostJsonAsync("/services/create", spec, SwarmJson.Default.ServiceSpec, SwarmJson.Default.ServiceCreateResponse, cancellationToken);

    public Task<ServiceUpdateResponse> UpdateServiceAsync(string id, long version, ServiceSpec spec, CancellationToken cancellationToken) =>
        PostJsonAsync($"/services/{Escape(id)}/update?version={Invariant(version)}", spec, SwarmJson.Default.ServiceSpec,
            SwarmJson.Default.ServiceUpdateResponse, cancellationToken);

    public Task RemoveServiceAsync(string idOrName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"/services/{Escape(idOrName)}", cancellationToken);

    public async IAsyncEnumerable<LogFrame> ServiceLogsAsync(string idOrName, LogRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // As for containers, the service's TTY setting decides the framing.
        var service = await InspectServiceAsync(idOrName, cancellationToken).ConfigureAwait(false);
        var query = $"follow={Bool(request.Follow)}&stdout={Bool(request.Stdout)}&stderr={Bool(request.Stderr)}" +
                    $"&timestamps={Bool(request.Timestamps)}&tail={Escape(request.Tail)}" +
                    (request.Since is { } since ? $"&since={UnixTime(since)}" : "");
        using var response = await SendAsync(HttpMethod.Get, $"/services/{Escape(service.ID)}/logs?{query}", null, cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var tty = service.Spec?.TaskTemplate.ContainerSpec.TTY == true;
        await foreach (var frame in StreamDemultiplexer.ReadAsync(stream, tty, cancellationToken).ConfigureAwait(false))
            yield return frame;
    }

    // tasks

    public async Task<IReadOnlyList<SwarmTask>> ListTasksAsync(TaskFilters filters, CancellationToken cancellationToken)
    {
        var query = Filters(new Dictionary<string, string[]>
        {
            ["service"] = [.. filters.Service], ["label"] = [.. filters.Labels], ["desired-state"] = [.. filters.DesiredState], ["node"] = [.. filters.Node],
        });
        return await GetAsync($"/tasks?filters={query}", SwarmJson.Default.ListSwarmTask, cancellationToken).ConfigureAwait(false);
    }

    // configs and secrets

    public async Task<string> CreateConfigAsync(SwarmObjectSpec spec, CancellationToken cancellationToken) =>
        (await PostJsonAsync("/configs/create", spec, SwarmJson.Default.SwarmObjectSpec, SwarmJson.Default.IdResponse, cancellationToken)
            .ConfigureAwait(false)).ID;

    public async Task<IReadOnlyList<SwarmObject>> ListConfigsAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken) =>
        await GetAsync($"/configs?filters={LabelFilter(labelFilters)}", SwarmJson.Default.ListSwarmObject, cancellationToken).ConfigureAwait(false);

    public Task RemoveConfigAsync(string idOrName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"/configs/{Escape(idOrName)}", cancellationToken);

    public async Task<string> CreateSecretAsync(SwarmObjectSpec spec, CancellationToken cancellationToken) =>
        (await PostJsonAsync("/secrets/create", spec, SwarmJson.Default.SwarmObjectSpec, SwarmJson.Default.IdResponse, cancellationToken)
            .ConfigureAwait(false)).ID;

    public async Task<IReadOnlyList<SwarmObject>> ListSecretsAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken) =>
        await GetAsync($"/secrets?filters={LabelFilter(labelFilters)}", SwarmJson.Default.ListSwarmObject, cancellationToken).ConfigureAwait(false);

    public Task RemoveSecretAsync(string idOrName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"/secrets/{Escape(idOrName)}", cancellationToken);

    private static string LabelFilter(IEnumerable<string> labels) => Filters(new Dictionary<string, string[]> { ["label"] = [.. labels] });
}
