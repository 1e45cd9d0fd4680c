using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Composer.Engine;

public sealed partial class EngineClient
{
    /// <summary>Starts an exec with stdin attached, on a connection the engine hijacks.</summary>
    public async Task<HijackedConnection> StartExecInteractiveAsync(string execId, bool tty, CancellationToken cancellationToken)
    {
        var prefix = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{prefix}/exec/{Escape(execId)}/start")
        {
            Content = Json(new ExecStartRequest { Detach = false, Tty = tty }, EngineJson.Default.ExecStartRequest),
        };
        return await UpgradeAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public Task<HijackedConnection> AttachContainerInteractiveAsync(string id, CancellationToken cancellationToken) =>
        AttachContainerAsync(id, new ContainerAttachOptions(), cancellationToken);

    public async Task<HijackedConnection> AttachContainerAsync(string id, ContainerAttachOptions options, CancellationToken cancellationToken)
    {
        var prefix = await NegotiateAsync(cancellationToken).ConfigureAwait(false);
        var detachKeys = options.DetachKeys is { Length: > 0 } keys ? $"&detachKeys={Escape(keys)}" : "";
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"{prefix}/containers/{Escape(id)}/attach?stream=1&stdin={(options.Stdin ? 1 : 0)}&stdout=1&stderr=1{detachKeys}");
        return await UpgradeAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public Task ResizeContainerAsync(string id, int height, int width, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/containers/{Escape(id)}/resize?h={height}&w={width}", cancellationToken);

    /// <summary>
    /// Asks the engine to turn the HTTP connection into a raw duplex stream (101 Switching
    /// Protocols), on a connection of its own whose socket we keep for the half-close.
    /// </summary>
    private async Task<HijackedConnection> UpgradeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("tcp"));
        var socket = new StrongBox<Socket?>();
        request.Options.Set(EngineTransport.SocketOption, socket);
        HttpResponseMessage response;
        try
        {
            response = await _hijackHttp.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new HijackedConnection(stream, socket.Value);
    }

    public Task ResizeExecAsync(string execId, int height, int width, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"/exec/{Escape(execId)}/resize?h={height}&w={width}", cancellationToken);
}
