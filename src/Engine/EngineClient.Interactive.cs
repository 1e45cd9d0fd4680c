using System.Net;

namespace Composer.Engine;

public sealed partial class EngineClient
{
    /// <summary>
    /// Starts an exec with stdin attached. The engine upgrades the HTTP connection to a raw duplex
    /// stream (101 Switching Protocols): what we write is the process's stdin, what we read is its
    /// output (raw with a TTY, framed without).
    /// </summary>
    public async Task<Stream> StartExecInteractiveAsync(string execId, bool tty, CancellationToken cancellationToken)
    {
        var prefix = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{prefix}/exec/{Escape(execId)}/start")
        {
            Content = Json(new ExecStartRequest { Detach = false, Tty = tty }, EngineJson.Default.ExecStartRequest),
        };
        return await UpgradeAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> AttachContainerInteractiveAsync(string id, CancellationToken cancellationToken)
    {
        var prefix = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"{prefix}/containers/{Escape(id)}/attach?stream=1&stdin=1&stdout=1&stderr=1");
        return await UpgradeAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public Task ResizeContainerAsync(string id, int height, int width, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/resize?h={height}&w={width}", cancellationToken);

    /// <summary>
    /// Asks the engine to turn the HTTP connection into a raw duplex stream (101 Switching
    /// Protocols): what the container or exec writes comes back on it, what we write goes to its stdin.
    /// </summary>
    private async Task<Stream> UpgradeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("tcp"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException error)
        {
            throw new EngineUnavailableException(Endpoint.ToString(), error.InnerException ?? error);
        }
        if (response.StatusCode is not (HttpStatusCode.SwitchingProtocols or HttpStatusCode.OK))
        {
            using (response)
                throw ErrorMapping.FromResponse(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task ResizeExecAsync(string execId, int height, int width, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/exec/{Escape(execId)}/resize?h={height}&w={width}", cancellationToken);
}
