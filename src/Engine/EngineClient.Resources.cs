using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Composer.Engine;

public sealed partial class EngineClient
{
    // system

    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) =>
        GetAsync("/version", EngineJson.Default.VersionResponse, cancellationToken);

    public Task<SystemInfo> InfoAsync(CancellationToken cancellationToken) =>
        GetAsync("/info", EngineJson.Default.SystemInfo, cancellationToken);

    public async IAsyncEnumerable<EngineEvent> MonitorEventsAsync(EventFilters filters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = Filters(new Dictionary<string, string[]>
        {
            ["type"] = [.. filters.Type], ["label"] = [.. filters.Labels], ["event"] = [.. filters.Event], ["container"] = [.. filters.Container],
        });
        var since = filters.Since is { } from ? $"&since={UnixTime(from)}" : "";
        var until = filters.Until is { } to ? $"&until={UnixTime(to)}" : "";
        using var response = await SendAsync(HttpMethod.Get, $"/events?filters={query}{since}{until}", null, cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var item in JsonLines.ReadAsync(stream, EngineJson.Default.EngineEvent, cancellationToken).ConfigureAwait(false))
            yield return item;
    }

    /// <summary>Seconds since the epoch with a fraction, as the engine's since/until take them.</summary>
    /// <summary>A time as the engine's since/until parameters read it: Unix seconds with a fraction.</summary>
    internal static string UnixTime(DateTimeOffset at) => $"{at.ToUnixTimeMilliseconds() / 1000}.{at.ToUnixTimeMilliseconds() % 1000:D3}000000";

    // networks

    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken) =>
        await GetAsync($"/networks?filters={Filters(new Dictionary<string, string[]> { ["label"] = [.. labelFilters] })}",
            EngineJson.Default.ListNetworkSummary, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksNamedAsync(string name, CancellationToken cancellationToken)
    {
        var found = await GetAsync($"/networks?filters={Filters(new Dictionary<string, string[]> { ["name"] = [name] })}",
            EngineJson.Default.ListNetworkSummary, cancellationToken).ConfigureAwait(false);
        // The engine's name filter matches parts of names too.
        return [.. found.Where(n => n.Name == name)];
    }

    public Task<NetworkSummary> InspectNetworkAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"/networks/{Escape(name)}", EngineJson.Default.NetworkSummary, cancellationToken);

    public async Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken) =>
        (await PostJsonAsync("/networks/create", request, EngineJson.Default.NetworkCreateRequest, EngineJson.Default.CreateResponse, cancellationToken)
            .ConfigureAwait(false)).Id;

    public Task RemoveNetworkAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"/networks/{Escape(name)}", cancellationToken);

    public Task ConnectNetworkAsync(string network, string containerId, EndpointSettings? endpoint, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/networks/{Escape(network)}/connect", cancellationToken,
            Json(new NetworkConnectRequest { Container = containerId, EndpointConfig = endpoint }, EngineJson.Default.NetworkConnectRequest));

    public Task DisconnectNetworkAsync(string network, string containerId, bool force, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/networks/{Escape(network)}/disconnect", cancellationToken,
            Json(new NetworkDisconnectRequest { Container = containerId, Force = force }, EngineJson.Default.NetworkDisconnectRequest));

    // volumes

    public async Task<IReadOnlyList<VolumeSummary>> ListVolumesAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken) =>
        (await GetAsync($"/volumes?filters={Filters(new Dictionary<string, string[]> { ["label"] = [.. labelFilters] })}",
            EngineJson.Default.VolumeListResponse, cancellationToken).ConfigureAwait(false)).Volumes ?? [];

    public Task<VolumeSummary> InspectVolumeAsync(string name, CancellationToken cancellationToken) =>
        GetAsync($"/volumes/{Escape(name)}", EngineJson.Default.VolumeSummary, cancellationToken);

    public Task<VolumeSummary> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync("/volumes/create", request, EngineJson.Default.VolumeCreateRequest, EngineJson.Default.VolumeSummary, cancellationToken);

    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"/volumes/{Escape(name)}", cancellationToken);

    // images

    public async Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken) =>
        await GetAsync("/images/json", EngineJson.Default.ListImageSummary, cancellationToken).ConfigureAwait(false);

    public Task<ImageInspect> InspectImageAsync(string reference, CancellationToken cancellationToken) =>
        GetAsync($"/images/{Escape(reference)}/json", EngineJson.Default.ImageInspect, cancellationToken);

    public async Task PullImageAsync(string reference, Action<string> progress, CancellationToken cancellationToken)
    {
        var (image, tag) = SplitReference(reference);
        // The credentials `docker login` stored for the registry, as the docker CLI sends them.
        using var response = await SendAsync(HttpMethod.Post, $"/images/create?fromImage={Escape(image)}&tag={Escape(tag)}", null, cancellationToken,
            HttpCompletionOption.ResponseHeadersRead, RegistryAuth.HeaderFor(reference)).ConfigureAwait(false);
        await FollowProgressAsync(response, progress, cancellationToken).ConfigureAwait(false);
    }

    public async Task PushImageAsync(string reference, string registryAuth, Action<string> progress, CancellationToken cancellationToken)
    {
        var (image, tag) = SplitReference(reference);
        using var response = await SendAsync(HttpMethod.Post, $"/images/{Escape(image)}/push?tag={Escape(tag)}", null, cancellationToken,
            HttpCompletionOption.ResponseHeadersRead, registryAuth).ConfigureAwait(false);
        await FollowProgressAsync(response, progress, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> RegistryDigestAsync(string reference, string registryAuth, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/distribution/{Escape(reference)}/json", null, cancellationToken, registryAuth: registryAuth)
            .ConfigureAwait(false);
        using var body = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return body.RootElement.TryGetProperty("Descriptor", out var descriptor) && descriptor.TryGetProperty("digest", out var digest)
               && digest.GetString() is { Length: > 0 } value
            ? value
            : throw new EngineApiException(System.Net.HttpStatusCode.BadGateway, $"the registry gave no digest for {reference}");
    }

    public async Task<string?> BuildImageAsync(string contextDirectory, ImageBuildRequest request, Action<string> progress, CancellationToken cancellationToken)
    {
        if (request.BuildKit && await SupportsBuildKitAsync(cancellationToken).ConfigureAwait(false)) return await BuildWithBuildKitAsync(contextDirectory, request, progress, cancellationToken).ConfigureAwait(false);
        // Secrets and ssh agents exist only in BuildKit's session: a classic build would silently go without them.
        if (request.BuildKit && (request.Secrets.Count > 0 || request.Ssh.Count > 0))
            throw new EngineApiException(System.Net.HttpStatusCode.NotImplemented, "build secrets and ssh agents need BuildKit, which this engine's API (older than 1.39) does not offer");
        // A Dockerfile outside the context, or given inline, travels inside it under a name of its own, as the docker CLI sends it.
        var outside = request.DockerfileText is { } inline ? Build.BuildContext.Inline(inline) : Build.BuildContext.DockerfileOutside(contextDirectory, request.Dockerfile);
        var dockerfile = outside?.Name ?? request.Dockerfile;
        var query = BuildQuery(request, dockerfile);
        await using var context = await Build.BuildContext.PackAsync(contextDirectory, dockerfile, cancellationToken, outside).ConfigureAwait(false);
        var content = new StreamContent(context);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        using var response = await SendAsync(HttpMethod.Post, "/build?" + string.Join('&', query), content, cancellationToken,
            HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        return await FollowProgressAsync(response, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The query string of POST /build, as the docker CLI's classic (non-BuildKit) builder sends it.</summary>
    internal static List<string> BuildQuery(ImageBuildRequest request, string dockerfile)
    {
        var query = new List<string> { $"dockerfile={Escape(dockerfile)}", "rm=true", "forcerm=true" };
        query.AddRange(request.Tags.Select(t => $"t={Escape(t)}"));
        if (request.Target is { } target) query.Add($"target={Escape(target)}");
        if (request.NetworkMode is { } network) query.Add($"networkmode={Escape(network)}");
        if (request.NoCache) query.Add("nocache=true");
        if (request.Pull) query.Add("pull=true");
        if (request.Memory is { } memory) query.Add($"memory={Invariant(memory)}");
        if (request.BuildArgs is { Count: > 0 } args) query.Add("buildargs=" + Escape(JsonSerializer.Serialize(new Dictionary<string, string>(args), EngineJson.Default.DictionaryStringString)));
        if (request.Labels is { Count: > 0 } labels) query.Add("labels=" + Escape(JsonSerializer.Serialize(new Dictionary<string, string>(labels), EngineJson.Default.DictionaryStringString)));
        if (request.CacheFrom.Count > 0) query.Add("cachefrom=" + Escape(JsonSerializer.Serialize(request.CacheFrom.ToList(), EngineJson.Default.ListString)));
        if (request.ShmSize is { } shm) query.Add($"shmsize={Invariant(shm)}");
        query.AddRange(request.ExtraHosts.Select(h => $"extrahosts={Escape(h)}"));
        if (request.Isolation is { } isolation) query.Add($"isolation={Escape(isolation)}");
        if (request.Ulimits.Count > 0) query.Add("ulimits=" + Escape(JsonSerializer.Serialize(request.Ulimits.ToList(), EngineJson.Default.ListEngineUlimit)));
        if (request.Platform is { } platform) query.Add($"platform={Escape(platform)}");
        return query;
    }

    public Task TagImageAsync(string reference, string repository, string tag, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/images/{Escape(reference)}/tag?repo={Escape(repository)}&tag={Escape(tag)}", cancellationToken);

    public Task RemoveImageAsync(string reference, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"/images/{Escape(reference)}", cancellationToken);

    /// <summary>Pull, push and build report failure inside a 200 stream: an error line there becomes an exception.</summary>
    private static async Task<string?> FollowProgressAsync(HttpResponseMessage response, Action<string> progress, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        string? imageId = null;
        await foreach (var message in JsonLines.ReadAsync(stream, EngineJson.Default.ProgressMessage, cancellationToken).ConfigureAwait(false))
        {
            if (message.Error is { } error) throw new EngineApiException(System.Net.HttpStatusCode.OK, message.ErrorDetail?.Message ?? error);
            if (message.Aux?.ID is { } id) imageId = id;
            var text = message.Stream ?? (message.Status is { } status ? $"{(message.Id is null ? "" : message.Id + ": ")}{status} {message.Progress}" : null);
            if (!string.IsNullOrWhiteSpace(text)) progress(text.TrimEnd());
        }
        return imageId;
    }

    /// <summary>"name:tag", "registry:5000/name", "name@sha256:…" -> (image, tag); no tag means latest.</summary>
    internal static (string Image, string Tag) SplitReference(string reference)
    {
        if (reference.Contains('@')) return (reference, "");
        var slash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        return colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }
}
