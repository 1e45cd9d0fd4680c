using System.Text;
using Composer.Engine;

namespace Composer.Engine.Tests.Unit;

public sealed class RegistryAuthTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("composer-auth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Header(string image, string? config)
    {
        if (config is not null) File.WriteAllText(Path.Combine(_dir, "config.json"), config);
        return RegistryAuth.HeaderFor(image, name => name == "DOCKER_CONFIG" ? _dir : null);
    }

    private static string Decode(string header) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(header.Replace('-', '+').Replace('_', '/')));

    [Fact]
    public void Without_credentials_the_header_is_an_empty_object() =>
        Assert.Equal("{}", Decode(Header("127.0.0.1:5000/ns/app:1", null)));

    [Fact]
    public void The_auths_entry_of_the_images_registry_is_sent_as_user_and_password()
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("ann:s3cret:with-colon"));
        var config = """{"auths": {"other:5000": {"auth": "eA=="}, "http://127.0.0.1:5000/v2/": {"auth": "AUTH"}}}""".Replace("AUTH", auth);
        Assert.Equal("""{"username":"ann","password":"s3cret:with-colon","serveraddress":"http://127.0.0.1:5000/v2/"}""",
            Decode(Header("127.0.0.1:5000/ns/app:1", config)));
    }

    [Fact]
    public void Docker_hub_images_use_the_index_key()
    {
        var config = """{"auths": {"https://index.docker.io/v1/": {"username": "bob", "password": "pw"}}}""";
        Assert.Contains("\"username\":\"bob\"", Decode(Header("bob/app:1", config)));
        Assert.Equal("{}", Decode(Header("localhost/app", config)));
    }

    [Fact]
    public void A_buildkit_session_gets_docker_hubs_credentials_under_its_registry_host()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"),
            """{"auths": {"https://index.docker.io/v1/": {"username": "bob", "password": "pw"}, "reg.example": {"identitytoken": "tok"}}}""");
        string? Env(string name) => name == "DOCKER_CONFIG" ? _dir : null;
        Assert.Equal(("bob", "pw"), RegistryAuth.SessionCredentials("registry-1.docker.io", Env));
        Assert.Equal(("", "tok"), RegistryAuth.SessionCredentials("reg.example", Env));
        Assert.Equal(("", ""), RegistryAuth.SessionCredentials("other.example", Env));
    }

    [Fact]
    public void A_config_file_that_is_not_json_is_named_with_line_and_column()
    {
        var error = Assert.Throws<FormatException>(() => Header("reg.example/app", "{\n  \"auths\": {,\n}"));
        Assert.StartsWith(Path.Combine(_dir, "config.json") + ":2:", error.Message);
    }

    [Theory]
    [InlineData("app", RegistryAuth.DockerHubKey)]
    [InlineData("library/app:1", RegistryAuth.DockerHubKey)]
    [InlineData("127.0.0.1:5000/ns/app:1", "127.0.0.1:5000")]
    [InlineData("ghcr.io/o/app", "ghcr.io")]
    [InlineData("localhost/app", "localhost")]
    public void The_registry_of_an_image_is_its_first_part_when_that_names_a_host(string image, string registry) =>
        Assert.Equal(registry, RegistryAuth.RegistryOf(image));
}
