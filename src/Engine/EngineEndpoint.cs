namespace Composer.Engine;

public enum EndpointKind { Unix, Tcp }

/// <summary>Where the engine listens, as DOCKER_HOST says (unix:///path, tcp://host:port), and its TLS material.</summary>
public sealed record EngineEndpoint(EndpointKind Kind, string Address, int Port = 0, TlsSettings? Tls = null)
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    public override string ToString() => Kind == EndpointKind.Unix ? $"unix://{Address}" : $"tcp://{Address}:{Port}";

    public Uri BaseUri => Kind == EndpointKind.Unix
        ? new Uri("http://docker.sock")
        : new Uri($"{(Tls is null ? "http" : "https")}://{Address}:{Port}");

    public static EngineEndpoint FromEnvironment(Func<string, string?>? getenv = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        var host = getenv("DOCKER_HOST");
        var endpoint = Parse(string.IsNullOrWhiteSpace(host) ? DefaultHost : host);
        var verify = getenv("DOCKER_TLS_VERIFY");
        if (endpoint.Kind == EndpointKind.Tcp && !string.IsNullOrEmpty(verify) && verify != "0")
        {
            var certPath = getenv("DOCKER_CERT_PATH");
            if (string.IsNullOrEmpty(certPath))
                certPath = Path.Combine(getenv("HOME") ?? "", ".docker");
            endpoint = endpoint with { Tls = new TlsSettings(certPath) };
        }
        return endpoint;
    }

    /// <summary>Parses DOCKER_HOST; a value we cannot use is an error that quotes it.</summary>
    public static EngineEndpoint Parse(string host)
    {
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = host["unix://".Length..];
            if (!path.StartsWith('/')) throw new FormatException($"DOCKER_HOST={host}: a unix socket needs an absolute path, e.g. unix:///var/run/docker.sock");
            return new EngineEndpoint(EndpointKind.Unix, path);
        }
        if (host.StartsWith("tcp://", StringComparison.Ordinal))
        {
            var rest = host["tcp://".Length..].TrimEnd('/');
            var colon = rest.LastIndexOf(':');
            if (rest.Length == 0) throw new FormatException($"DOCKER_HOST={host}: missing host name");
            if (colon < 0) return new EngineEndpoint(EndpointKind.Tcp, rest, 2375);
            if (!int.TryParse(rest[(colon + 1)..], out var port) || port is < 1 or > 65535)
                throw new FormatException($"DOCKER_HOST={host}: invalid port '{rest[(colon + 1)..]}'");
            return new EngineEndpoint(EndpointKind.Tcp, rest[..colon].Trim('[', ']'), port);
        }
        throw new FormatException($"DOCKER_HOST={host}: unsupported scheme (use unix:///path or tcp://host:port)");
    }
}

/// <summary>Client certificate and CA from DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem), as docker-machine sets up.</summary>
public sealed record TlsSettings(string CertPath)
{
    public string CaFile => Path.Combine(CertPath, "ca.pem");
    public string CertFile => Path.Combine(CertPath, "cert.pem");
    public string KeyFile => Path.Combine(CertPath, "key.pem");
}
