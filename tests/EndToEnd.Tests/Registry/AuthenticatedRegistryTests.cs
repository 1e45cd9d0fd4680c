using System.Net.Http.Headers;
using System.Text;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests.Registry;

/// <summary>A registry that wants a user and password (htpasswd, user `tester`, password `pw`).</summary>
public sealed class AuthenticatedRegistryFixture : RegistryFixture
{
    public const string User = "tester";
    public const string Password = "pw";

    // bcrypt of "pw" (the only hash the registry's htpasswd accepts), made once with crypt(3).
    private const string Htpasswd = "tester:$2b$12$dDJy/NAuPKdCub2YxLDzgucR/JhqC3xfBFM7/j0ob5B9gtpkrm0zO";

    protected override string AuthSection()
    {
        var file = Path.Combine(Root, "htpasswd");
        File.WriteAllText(file, Htpasswd + "\n");
        return $"auth:\n  htpasswd:\n    realm: composer-tests\n    path: {file}";
    }

    protected override void Authorize(HttpRequestMessage request) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
}

[CollectionDefinition("AuthenticatedRegistry")]
public sealed class AuthenticatedRegistryCollection : ICollectionFixture<AuthenticatedRegistryFixture>;

/// <summary>
/// Credentials from a credential helper (`credsStore` in the docker config file), as `docker login` leaves them
/// on most desktops: push sends them, and a BuildKit build's session hands them to the engine for `FROM`.
/// The helper is a small program on composer's PATH that logs what it was asked; no docker CLI is on that PATH.
/// </summary>
[Collection("AuthenticatedRegistry")]
public sealed class AuthenticatedRegistryTests(AuthenticatedRegistryFixture registry) : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("composer-credstore-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string Asked => Path.Combine(_home, "asked");

    /// <summary>composer's environment: a docker config naming the `e2e` store, whose helper knows only this registry.</summary>
    private Dictionary<string, string> WithCredentialStore()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_home, "bin")).FullName;
        var helper = Path.Combine(bin, "docker-credential-e2e");
        File.WriteAllText(helper, $$"""
            #!/bin/sh
            read -r url
            echo "$1 $url" >> '{{Asked}}'
            if [ "$url" = '{{registry.Host}}' ]; then echo '{"ServerURL":"'$url'","Username":"{{AuthenticatedRegistryFixture.User}}","Secret":"{{AuthenticatedRegistryFixture.Password}}"}'; exit 0; fi
            echo 'credentials not found in native keychain'; exit 1
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(helper, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(_home, "config.json"), """{"auths": {}, "credsStore": "e2e"}""");
        return new() { ["DOCKER_CONFIG"] = _home, ["PATH"] = bin, ["DOCKER_BUILDKIT"] = "1" };
    }

    [Fact]
    public async Task Push_and_a_buildkit_FROM_log_in_with_what_the_credential_helper_answers()
    {
        var repo = registry.NewRepository("creds");
        var environment = WithCredentialStore();
        var compose = $$"""
            services:
              app:
                build: ./app
                image: {{repo}}:v1
            """;
        // Without the helper the registry turns the push away: the credentials are what let it in.
        // (First: a project's images go with it at its end.)
        await using (var anonymous = new TempProject(compose, "regauth"))
        {
            anonymous.Write("app/Dockerfile", "FROM busybox:latest\nRUN echo pushed > /version\n");
            await anonymous.ComposerOkAsync("build");
            var refused = await anonymous.ComposerAsync("push");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("no basic auth credentials", refused.Stderr);
        }

        await using var builder = new TempProject(compose, "regauth") { Environment = environment };
        builder.Write("app/Dockerfile", "FROM busybox:latest\nRUN echo pushed > /version\n");
        await builder.ComposerOkAsync("build");

        await builder.ComposerOkAsync("push");
        Assert.Contains("\"v1\"", await registry.TagsAsync(repo));
        Assert.Contains($"get {registry.Host}", File.ReadAllLines(Asked));

        // Gone from the engine, the base must come from the registry, through the build session's credentials.
        await Docker.RunAsync("rmi", $"{repo}:v1");
        File.Delete(Asked);
        await using var user = new TempProject("""
            services:
              derived:
                build: ./derived
            """, "regauth") { Environment = environment };
        user.Write("derived/Dockerfile", $"FROM {repo}:v1\nRUN cat /version > /seen\n");
        await user.ComposerOkAsync("build");
        Assert.Equal("pushed", (await Docker.RunAsync("run", "--rm", "--network", "none", $"{user.Name}-derived", "cat", "/seen")).Trim());
        Assert.Contains($"get {registry.Host}", File.ReadAllLines(Asked));
    }
}
