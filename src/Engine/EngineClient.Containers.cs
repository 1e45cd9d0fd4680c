using System.Runtime.CompilerServices;

namespace Composer.Engine;

public sealed partial class EngineClient
{
    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all, IEnumerable<string> labelFilters, CancellationToken cancellationToken)
    {
        var filters = Filters(new Dictionary<string, string[]> { ["label"] = [.. labelFilters] });
        return await GetAsync($"/containers/json?all={Bool(all)}&filters={filters}", EngineJson.Default.ListContainerSummary, cancellationToken).ConfigureAwait(false);
    }

    public Task<ContainerInspect> InspectContainerAsync(string id, CancellationToken cancellationToken) =>
        GetAsync($"/containers/{Escape(id)}/json", EngineJson.Default.ContainerInspect, cancellationToken);

    public async Task<string> CreateContainerAsync(string? name, ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        var path = name is null ? "/containers/create" : $"/containers/create?name={Escape(name)}";
        var created = await PostJsonAsync(path, request, EngineJson.Default.ContainerCreateRequest, EngineJson.Default.CreateResponse, cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    public Task StartContainerAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/start", cancellationToken);

    public Task StopContainerAsync(string id, int timeoutSeconds, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/stop?t={timeoutSeconds}", cancellationToken);

    public Task RestartContainerAsync(string id, int timeoutSeconds, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/restart?t={timeoutSeconds}", cancellationToken);

    public Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/kill?signal={Escape(signal)}", cancellationToken);

    public Task PauseContainerAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/pause", cancellationToken);

    public Task UnpauseContainerAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/unpause", cancellationToken);

    public Task RemoveContainerAsync(string id, bool force, bool volumes, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"/containers/{Escape(id)}?force={Bool(force)}&v={Bool(volumes)}", cancellationToken);

    public async Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/wait?condition=not-running", null, cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        return (await ReadAsync(response, EngineJson.Default.WaitResponse, cancellationToken).ConfigureAwait(false)).StatusCode;
    }

    public Task UpdateRestartPolicyAsync(string id, EngineRestartPolicy policy, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/update", cancellationToken,
            Json(new ContainerUpdateRequest { RestartPolicy = policy }, EngineJson.Default.ContainerUpdateRequest));

    public Task RenameContainerAsync(string id, string newName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/rename?name={Escape(newName)}", cancellationToken);

    public Task<TopResponse> TopContainerAsync(string id, CancellationToken cancellationToken) =>
        GetAsync($"/containers/{Escape(id)}/top", EngineJson.Default.TopResponse, cancellationToken);

    public async IAsyncEnumerable<LogFrame> ContainerLogsAsync(string id, LogRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The TTY flag decides the framing, so look it up before reading.
        var inspect = await InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        var query = $"follow={Bool(request.Follow)}&stdout={Bool(request.Stdout)}&stderr={Bool(request.Stderr)}" +
                    $"&timestamps={Bool(request.Timestamps)}&tail={Escape(request.Tail)}" +
                    (request.Since is { } since ? $"&since={UnixTime(since)}" : "") +
                    (request.Until is { } until ? $"&until={UnixTime(until)}" : "");
        using var response = await SendAsync(HttpMethod.Get, $"/containers/{Escape(id)}/logs?{query}", null, cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var frame in StreamDemultiplexer.ReadAsync(stream, inspect.Config?.Tty == true, cancellationToken).ConfigureAwait(false))
            yield return frame;
    }

    public async Task<string> CreateExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken) =>
        (await PostJsonAsync($"/containers/{Escape(containerId)}/exec", request, EngineJson.Default.ExecRequest, EngineJson.Default.CreateResponse,
            cancellationToken).ConfigureAwait(false)).Id;

    public Task StartExecDetachedAsync(string execId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/exec/{Escape(execId)}/start", cancellationToken,
            Json(new ExecStartRequest { Detach = true }, EngineJson.Default.ExecStartRequest));

    public Task<ExecInspect> InspectExecAsync(string execId, CancellationToken cancellationToken) =>
        GetAsync($"/exec/{Escape(execId)}/json", EngineJson.Default.ExecInspect, cancellationToken);
}
