using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Composer.Engine;

/// <summary>An HttpClient that reaches the engine over a unix socket, plain TCP, or TLS with client certificates.</summary>
internal static class EngineTransport
{
    public static HttpClient Create(EngineEndpoint endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (endpoint.Kind == EndpointKind.Unix)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.Address), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        if (endpoint.Tls is { } tls) handler.SslOptions = SslOptions(tls);
        // Streams (logs -f, events) stay open for as long as they are wanted: calls cancel through their tokens instead.
        return new HttpClient(handler) { BaseAddress = endpoint.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
    }

    private static SslClientAuthenticationOptions SslOptions(TlsSettings tls)
    {
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
