using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Agent;

/// <summary>The CLI's side of the control API: HTTP over the agent's unix socket.</summary>
internal sealed class AgentClient : IDisposable
{
    private readonly HttpClient _http;

    private AgentClient(string socket)
    {
        Socket = socket;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(connection, ownsSocket: true);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://agent"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Socket { get; }

    /// <summary>The running agent, or null when none answers on the socket.</summary>
    public static async Task<AgentClient?> ConnectAsync(CancellationToken cancellationToken, string? socket = null)
    {
        socket ??= AgentOptions.SocketFromEnvironment();
        if (!File.Exists(socket)) return null;
        var client = new AgentClient(socket);
        try
        {
            using var response = await client._http.GetAsync("/health", cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode) return client;
        }
        catch (HttpRequestException) { }
        client.Dispose();
        return null;
    }

    /// <summary>Like <see cref="ConnectAsync"/>, for verbs that need an agent: says which socket it tried.</summary>
    public static async Task<AgentClient> RequireAsync(CancellationToken cancellationToken) =>
        await ConnectAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new UsageException($"no agent answers on {AgentOptions.SocketFromEnvironment()} (start one with `composer agent`; COMPOSER_STATE_DIR or COMPOSER_AGENT_SOCKET point elsewhere)");

    public Task<StatusResponse> StatusAsync(CancellationToken cancellationToken) => GetAsync("/projects", AgentJson.Default.StatusResponse, cancellationToken);

    public Task<JobsResponse> JobsAsync(CancellationToken cancellationToken) => GetAsync("/jobs", AgentJson.Default.JobsResponse, cancellationToken);

    public async Task<string> RegisterAsync(RegisteredProject project, CancellationToken cancellationToken)
    {
        using var body = new StringContent(JsonSerializer.Serialize(project, AgentJson.Default.RegisteredProject), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/projects", body, cancellationToken).ConfigureAwait(false);
        return await MessageAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Tells the supervisor these containers are stopped on purpose (they stay stopped). Returns
    /// once any restart of theirs the agent had under way is undone, stopped with the grace given.
    /// </summary>
    public async Task StoppedAsync(IEnumerable<string> containerIds, int graceSeconds, CancellationToken cancellationToken)
    {
        var request = new StoppedRequest([.. containerIds], graceSeconds);
        using var body = new StringContent(JsonSerializer.Serialize(request, AgentJson.Default.StoppedRequest), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/stopped", body, cancellationToken).ConfigureAwait(false);
        await MessageAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Merges replica counts into a registered project's desired state (`composer scale`).</summary>
    /// <returns>False when the agent does not know the project.</returns>
    public async Task<bool> ScaleAsync(string name, IReadOnlyDictionary<string, int> replicas, CancellationToken cancellationToken)
    {
        var request = new ScaleRequest(new Dictionary<string, int>(replicas, StringComparer.Ordinal));
        using var body = new StringContent(JsonSerializer.Serialize(request, AgentJson.Default.ScaleRequest), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync($"/projects/{Uri.EscapeDataString(name)}/scale", body, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return false;
        await MessageAsync(response, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <returns>False when the agent does not know the project.</returns>
    public async Task<bool> UnregisterAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"/projects/{Uri.EscapeDataString(name)}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return false;
        await MessageAsync(response, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) await MessageAsync(response, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
            ?? throw new UsageException($"the agent sent an empty answer to {path}");
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string message;
        try { message = JsonSerializer.Deserialize(text, AgentJson.Default.MessageResponse)?.Message ?? text; }
        catch (JsonException) { message = text; }
        if (!response.IsSuccessStatusCode) throw new UsageException($"agent: {message}");
        return message;
    }
}
