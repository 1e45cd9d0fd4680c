using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;

namespace Composer.Engine;

/// <summary>An HttpClient that reaches the engine over a unix socket, plain TCP, or TLS with client certificates.</summary>
internal static class EngineTransport
{
    /// <summary>The client for ordinary calls; its connections are pooled.</summary>
    public static HttpClient Create(EngineEndpoint endpoint) => Create(endpoint, pooled: true);

    /// <summary>
    /// The client for calls the engine hijacks (attach, interactive exec): every request on a
    /// connection of its own, so <see cref="Connect"/> sees it and can hand its socket to the caller
    /// (the half-close of <see cref="HijackedConnection"/>).
    /// </summary>
    public static HttpClient CreateForHijack(EngineEndpoint endpoint) => Create(endpoint, pooled: false);

    /// <summary>The key under which a request asks for the socket it is sent on.</summary>
    public static readonly HttpRequestOptionsKey<StrongBox<Socket?>> SocketOption = new("composer.socket");

    private static HttpClient Create(EngineEndpoint endpoint, bool pooled)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = pooled ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = (context, cancellationToken) => Connect(endpoint, context, cancellationToken),
        };
        if (endpoint.Tls is { } tls) handler.SslOptions = SslOptions(tls);
        // Streams (logs -f, events) stay open for as long as they are wanted: calls cancel through their tokens instead.
        return new HttpClient(handler) { BaseAddress = endpoint.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// A bare connection to the engine, TLS included, for requests written by hand: the BuildKit
    /// session's upgrade to h2c, which HttpClient does not offer.
    /// </summary>
    public static async Task<Stream> OpenAsync(EngineEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = await ConnectSocketAsync(endpoint, cancellationToken).ConfigureAwait(false);
        try
        {
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (endpoint.Tls is { } tls)
            {
                var secure = new SslStream(stream, leaveInnerStreamOpen: false);
                var options = SslOptions(tls);
                options.TargetHost = endpoint.Address;
                await secure.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
                stream = secure;
            }
            return stream;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A connected socket to the engine's unix socket or tcp port (TLS, if any, is the caller's).</summary>
    private static async Task<Socket> ConnectSocketAsync(EngineEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = endpoint.Kind == EndpointKind.Unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint target = endpoint.Kind == EndpointKind.Unix
                ? new UnixDomainSocketEndPoint(endpoint.Address)
                : new DnsEndPoint(endpoint.Address, endpoint.Port);
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async ValueTask<Stream> Connect(EngineEndpoint endpoint, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = await ConnectSocketAsync(endpoint, cancellationToken).ConfigureAwait(false);
        try
        {
            if (context.InitialRequestMessage.Options.TryGetValue(SocketOption, out var box)) box.Value = socket;
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static SslClientAuthenticationOptions SslOptions(TlsSettings tls)
    {
        foreach (var file in new[] { tls.CaFile, tls.CertFile, tls.KeyFile }.Where(f => !File.Exists(f)))
            throw new FileNotFoundException($"DOCKER_TLS_VERIFY is set but {file} does not exist: DOCKER_CERT_PATH ({tls.CertPath}) must hold ca.pem, cert.pem and key.pem", file);
        var clientCertificate = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
        var authority = X509CertificateLoader.LoadCertificateFromFile(tls.CaFile);
        return new SslClientAuthenticationOptions
        {
            ClientCertificates = [clientCertificate],
            // The engine's certificate is checked against the CA from DOCKER_CERT_PATH, not the system store.
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null) return false;
                if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            },
        };
    }
}
