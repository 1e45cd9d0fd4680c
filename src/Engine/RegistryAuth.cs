using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Composer.Engine;

/// <summary>
/// The X-Registry-Auth header for a push or pull: the credentials `docker login` left in the
/// `auths` of ~/.docker/config.json (or $DOCKER_CONFIG/config.json) for the image's registry,
/// as base64url JSON, or what the credential helper the file names for that registry answers
/// (`credHelpers`, else `credsStore`, as the docker CLI chooses). With none, the encoding of `{}`:
/// the engine then tries the registry anonymously.
/// </summary>
public static class RegistryAuth
{
    /// <summary>The key Docker Hub's credentials are stored under.</summary>
    public const string DockerHubKey = "https://index.docker.io/v1/";

    public static string HeaderFor(string image, Func<string, string?>? getenv = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        var file = ConfigFile(getenv);
        var json = file is not null && File.Exists(file) ? File.ReadAllText(file) : null;
        return Encode(json is null ? null : Find(json, file!, RegistryOf(image), getenv));
    }

    /// <summary>
    /// What a BuildKit session answers when the engine asks for a registry's credentials: user and
    /// secret from the docker config file (an identity token as the secret with no user), or none.
    /// BuildKit names Docker Hub by its registry host, stored under the index's key.
    /// </summary>
    internal static (string Username, string Secret) SessionCredentials(string host, Func<string, string?>? getenv = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        var file = ConfigFile(getenv);
        if (file is null || !File.Exists(file)) return ("", "");
        var found = Find(File.ReadAllText(file), file, host == "registry-1.docker.io" ? DockerHubKey : host, getenv);
        if (found is null) return ("", "");
        return found.IdentityToken is { Length: > 0 } token ? ("", token) : (found.Username ?? "", found.Password ?? "");
    }

    /// <summary>The registry host of an image reference; Docker Hub's key when the first part is not a host.</summary>
    public static string RegistryOf(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return DockerHubKey;
        var first = image[..slash];
        // As the docker CLI decides: a first part with a dot or a port, or "localhost", names a registry.
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? first : DockerHubKey;
    }

    private static string? ConfigFile(Func<string, string?> getenv)
    {
        if (getenv("DOCKER_CONFIG") is { Length: > 0 } dir) return Path.Combine(dir, "config.json");
        return getenv("HOME") is { Length: > 0 } home ? Path.Combine(home, ".docker", "config.json") : null;
    }

    /// <summary>
    /// The credentials for <paramref name="registry"/>: from the credential helper the file names for it
    /// (`credHelpers`, else `credsStore`), else its `auths` entry, matched as the docker CLI stores keys
    /// (with or without scheme and path). With a helper, `auths` is not read: it holds only the helper's keys.
    /// </summary>
    internal static Credentials? Find(string json, string file, string registry, Func<string, string?> getenv)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException error)
        {
            throw new FormatException($"{file}:{error.LineNumber + 1}:{error.BytePositionInLine + 1}: not valid JSON ({error.Message.Split(" LineNumber", 2)[0]})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            if (HelperFor(document.RootElement, registry) is { Length: > 0 } helper)
                return CredentialHelper.Get(helper, registry, file, getenv);
            return Entry(document.RootElement, "auths", registry) is { Value.ValueKind: JsonValueKind.Object } entry ? Read(entry.Value, entry.Name, file) : null;
        }
    }

    private static string? HelperFor(JsonElement config, string registry)
    {
        if (Entry(config, "credHelpers", registry) is { Value.ValueKind: JsonValueKind.String } named) return named.Value.GetString();
        return config.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String ? store.GetString() : null;
    }

    /// <summary>The member of the object <paramref name="section"/> whose key names <paramref name="registry"/>'s host.</summary>
    private static JsonProperty? Entry(JsonElement config, string section, string registry)
    {
        if (!config.TryGetProperty(section, out var entries) || entries.ValueKind != JsonValueKind.Object) return null;
        foreach (var entry in entries.EnumerateObject())
            if (HostOf(entry.Name) == HostOf(registry)) return entry;
        return null;
    }

    private static Credentials Read(JsonElement entry, string key, string file)
    {
        string? Text(string name) => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var username = Text("username");
        var password = Text("password");
        if (Text("auth") is { Length: > 0 } auth)
        {
            string decoded;
            try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth)); }
            catch (FormatException) { throw new FormatException($"{file}: auths.{key}.auth is not base64 of user:password"); }
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) throw new FormatException($"{file}: auths.{key}.auth is not base64 of user:password");
            (username, password) = (decoded[..colon], decoded[(colon + 1)..]);
        }
        return new Credentials(username, password, Text("identitytoken"), key);
    }

    /// <summary>"https://index.docker.io/v1/" and "index.docker.io" are one key, as are "http://host:5000" and "host:5000".</summary>
    private static string HostOf(string key)
    {
        var rest = key.Contains("://", StringComparison.Ordinal) ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return (slash < 0 ? rest : rest[..slash]).ToLowerInvariant();
    }

    internal static string Encode(Credentials? credentials)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (credentials is not null)
            {
                if (credentials.Username is not null) writer.WriteString("username", credentials.Username);
                if (credentials.Password is not null) writer.WriteString("password", credentials.Password);
                if (credentials.IdentityToken is not null) writer.WriteString("identitytoken", credentials.IdentityToken);
                writer.WriteString("serveraddress", credentials.ServerAddress);
            }
            writer.WriteEndObject();
        }
        // base64url, padded: what the docker CLI sends and the engine decodes.
        return Convert.ToBase64String(buffer.WrittenSpan).Replace('+', '-').Replace('/', '_');
    }

    internal sealed record Credentials(string? Username, string? Password, string? IdentityToken, string ServerAddress);
}
