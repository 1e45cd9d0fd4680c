using System.Text;
using Composer.Engine;

namespace Composer.Engine.Tests.Unit;

/// <summary>
/// credsStore and credHelpers: the helper named in the docker config file is run as the docker CLI runs it
/// (`docker-credential-NAME get`, server URL on stdin). The helpers here are small shell programs on a PATH
/// of the test's own, which log what they were asked.
/// </summary>
public sealed class CredentialHelperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("composer-credhelper-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Asked => Path.Combine(_dir, "asked");

    /// <summary>A helper that logs its argument and stdin, then runs <paramref name="body"/>.</summary>
    private void Helper(string name, string body)
    {
        var path = Path.Combine(_dir, $"docker-credential-{name}");
        File.WriteAllText(path, $"#!/bin/sh\nread -r url\necho \"{name} $1 $url\" >> '{Asked}'\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    private string? Env(string name) => name switch { "DOCKER_CONFIG" => _dir, "PATH" => _dir, _ => null };

    private string Header(string image, string config)
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), config);
        return Encoding.UTF8.GetString(Convert.FromBase64String(RegistryAuth.HeaderFor(image, Env).Replace('-', '+').Replace('_', '/')));
    }

    [Fact]
    public void CredsStore_is_asked_for_the_images_registry_and_its_answer_is_sent()
    {
        Helper("store", """echo '{"ServerURL":"'$url'","Username":"ann","Secret":"pw"}'""");
        var header = Header("127.0.0.1:5000/ns/app:1", """{"auths": {"127.0.0.1:5000": {}}, "credsStore": "store"}""");
        Assert.Equal("""{"username":"ann","password":"pw","serveraddress":"127.0.0.1:5000"}""", header);
        Assert.Equal("store get 127.0.0.1:5000\n", File.ReadAllText(Asked));
    }

    [Fact]
    public void A_registrys_own_helper_wins_over_the_store_and_docker_hub_is_asked_by_its_index_url()
    {
        Helper("store", """echo '{"Username":"from-store","Secret":"pw"}'""");
        Helper("hub", """echo '{"Username":"<token>","Secret":"identity"}'""");
        var config = """{"credsStore": "store", "credHelpers": {"index.docker.io": "hub"}}""";
        Assert.Equal("""{"identitytoken":"identity","serveraddress":"https://index.docker.io/v1/"}""", Header("bob/app", config));
        Assert.Contains("\"username\":\"from-store\"", Header("ghcr.io/o/app", config));
        Assert.Equal(("", "identity"), RegistryAuth.SessionCredentials("registry-1.docker.io", Env));
        Assert.Equal(["hub get https://index.docker.io/v1/", "store get ghcr.io", "hub get https://index.docker.io/v1/"], File.ReadAllLines(Asked));
    }

    [Fact]
    public void Credentials_not_found_means_anonymous()
    {
        Helper("store", "echo 'credentials not found in native keychain'; exit 1");
        Assert.Equal("{}", Header("ghcr.io/o/app", """{"credsStore": "store"}"""));
    }

    [Fact]
    public void A_failing_or_missing_helper_is_an_error_naming_it()
    {
        Helper("broken", "echo 'keychain locked' >&2; exit 3");
        var failed = Assert.Throws<FormatException>(() => Header("ghcr.io/o/app", """{"credsStore": "broken"}"""));
        Assert.Equal("credential helper docker-credential-broken failed for ghcr.io (exit 3): keychain locked", failed.Message);
        var missing = Assert.Throws<FormatException>(() => Header("ghcr.io/o/app", """{"credHelpers": {"ghcr.io": "absent"}}"""));
        Assert.Contains("credential helper docker-credential-absent (named for ghcr.io) is not on PATH", missing.Message);
    }

    [Fact]
    public void An_answer_that_is_not_json_is_an_error()
    {
        Helper("chatty", "echo 'hello there'");
        var error = Assert.Throws<FormatException>(() => Header("ghcr.io/o/app", """{"credsStore": "chatty"}"""));
        Assert.Contains("answered ghcr.io with something that is not its JSON: hello there", error.Message);
    }
}
