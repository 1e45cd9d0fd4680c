using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Composer.Engine;

/// <summary>
/// HTTP plumbing shared by every call: API version negotiation, JSON through generated code,
/// and engine errors turned into typed exceptions. The calls themselves live in the partial
/// files beside this one, one per API group.
/// </summary>
public sealed partial class EngineClient : IEngineClient
{
    /// <summary>The newest API we speak; an older engine gets its own version (negotiated from /_ping).</summary>
    public const string MaxApiVersion = "1.41";

    private readonly HttpClient _http;
    private readonly Lazy<HttpClient> _hijackHttp;
    private string? _versionPrefix;

    public EngineClient(EngineEndpoint endpoint)
    {
        Endpoint = endpoint;
        _http = EngineTransport.Create(endpoint);
        _hijackHttp = new Lazy<HttpClient>(() => EngineTransport.CreateForHijack(endpoint));
    }

    public EngineEndpoint Endpoint { get; }

    public static EngineClient FromEnvironment() => new(EngineEndpoint.FromEnvironment());

    public void Dispose()
    {
        _http.Dispose();
        if (_hijackHttp.IsValueCreated) _hijackHttp.Value.Dispose();
    }

    public async Task PingAsync(CancellationToken cancellationToken) => await NegotiateAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A `/_ping` on a connection of its own, not one from the pool: an engine that is shutting down
    /// has closed its listener (new connections fail) but still serves those already open, so only a
    /// new connection tells a running engine from one on its way down.
    /// </summary>
    public async Task<bool> AcceptsNewConnectionsAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(NewConnectionPatience);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/_ping");
            using var response = await _hijackHttp.Value.SendAsync(request, limit.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { return false; }
    }

    /// <summary>How long a new connection may take to answer before the engine is taken for one shutting down.</summary>
    private static readonly TimeSpan NewConnectionPatience = TimeSpan.FromSeconds(3);

    private async Task<string> NegotiateAsync(CancellationToken cancellationToken)
    {
        if (_versionPrefix is { } known) return known;
        using var response = await SendRawAsync(HttpMethod.Get, "/_ping", null, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var server = response.Headers.TryGetValues("Api-Version", out var values) ? values.FirstOrDefault() : null;
        _versionPrefix = "/v" + Negotiate(server);
        return _versionPrefix;
    }

    internal static string Negotiate(string? serverVersion) =>
        serverVersion is not null && Version.TryParse(serverVersion, out var server) && server < Version.Parse(MaxApiVersion)
            ? serverVersion
            : MaxApiVersion;

    /// <param name="registryAuth">The X-Registry-Auth header of push and pull: credentials the engine hands to the registry.</param>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, string? registryAuth = null)
    {
        var prefix = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        return await SendRawAsync(method, prefix + path, content, completion, cancellationToken, registryAuth).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? content, HttpCompletionOption completion,
        CancellationToken cancellationToken, string? registryAuth = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (registryAuth is not null) request.Headers.TryAddWithoutValidation("X-Registry-Auth", registryAuth);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw new EngineUnavailableException(Endpoint.ToString(), error.InnerException ?? error);
        }
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw ErrorMapping.FromResponse(response.StatusCode, body);
        }
    }

    private async Task SendAsync(HttpMethod method, string path, CancellationToken cancellationToken, HttpContent? content = null)
    {
        using var response = await SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await ReadAsync(await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false), type, cancellationToken).ConfigureAwait(false);

    private async Task<TResult> PostJsonAsync<TBody, TResult>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> resultType,
        CancellationToken cancellationToken) =>
        await ReadAsync(await SendAsync(HttpMethod.Post, path, Json(body, bodyType), cancellationToken).ConfigureAwait(false), resultType, cancellationToken)
            .ConfigureAwait(false);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using (response)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
                ?? throw new EngineApiException(response.StatusCode, "the engine sent an empty answer");
        }
    }

    internal static StringContent Json<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new StringContent(JsonSerializer.Serialize(body, type), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    internal static string Escape(string value) => Uri.EscapeDataString(value);

    internal static string Bool(bool value) => value ? "true" : "false";

    internal static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The engine's filters parameter: a JSON map of filter name to values.</summary>
    internal static string Filters(IReadOnlyDictionary<string, string[]> filters) =>
        Escape(JsonSerializer.Serialize(new Dictionary<string, string[]>(filters.Where(f => f.Value.Length > 0)), EngineJson.Default.DictionaryStringStringArray));
}
