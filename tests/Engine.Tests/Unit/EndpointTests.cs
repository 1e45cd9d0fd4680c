using Composer.Engine;

namespace Composer.Engine.Tests.Unit;

public sealed class EndpointTests
{
    [Theory]
    [InlineData("unix:///var/run/docker.sock", EndpointKind.Unix, "/var/run/docker.sock", 0)]
    [InlineData("tcp://10.0.0.5:2376", EndpointKind.Tcp, "10.0.0.5", 2376)]
    [InlineData("tcp://engine.local", EndpointKind.Tcp, "engine.local", 2375)]
    [InlineData("tcp://[::1]:2375/", EndpointKind.Tcp, "::1", 2375)]
    public void Parses_docker_host(string host, EndpointKind kind, string address, int port)
    {
        var endpoint = EngineEndpoint.Parse(host);
        Assert.Equal((kind, address, port), (endpoint.Kind, endpoint.Address, endpoint.Port));
    }

    [Theory]
    [InlineData("ssh://me@host", "unsupported scheme")]
    [InlineData("unix://relative.sock", "absolute path")]
    [InlineData("tcp://host:notaport", "invalid port")]
    [InlineData("tcp://host:70000", "invalid port")]
    public void Rejects_unusable_values_quoting_them(string host, string reason)
    {
        var error = Assert.Throws<FormatException>(() => EngineEndpoint.Parse(host));
        Assert.Contains(host, error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Defaults_to_the_local_socket_and_picks_up_tls_settings()
    {
        Assert.Equal("unix:///var/run/docker.sock", EngineEndpoint.FromEnvironment(_ => null).ToString());
        var env = new Dictionary<string, string> { ["DOCKER_HOST"] = "tcp://remote:2376", ["DOCKER_TLS_VERIFY"] = "1", ["DOCKER_CERT_PATH"] = "/certs" };
        var endpoint = EngineEndpoint.FromEnvironment(env.GetValueOrDefault);
        Assert.Equal("/certs/ca.pem", endpoint.Tls!.CaFile);
        Assert.Equal("https://remote:2376/", endpoint.BaseUri.ToString());
    }

    [Theory]
    [InlineData("1.41", "1.41")]
    [InlineData("1.43", "1.41")]
    [InlineData("1.38", "1.38")]
    [InlineData(null, "1.41")]
    public void Negotiates_the_lower_of_both_api_versions(string? server, string expected) =>
        Assert.Equal(expected, EngineClient.Negotiate(server));

    [Theory]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("busybox:1.36", "busybox", "1.36")]
    [InlineData("registry:5000/team/app", "registry:5000/team/app", "latest")]
    [InlineData("registry:5000/team/app:v2", "registry:5000/team/app", "v2")]
    public void Splits_image_references(string reference, string image, string tag) =>
        Assert.Equal((image, tag), EngineClient.SplitReference(reference));
}
