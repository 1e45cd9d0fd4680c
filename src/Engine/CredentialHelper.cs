using System.Diagnostics;
using System.Text.Json;

namespace Composer.Engine;

/// <summary>
/// A docker credential helper (`docker-credential-NAME`, named by `credsStore` or `credHelpers` in the docker
/// config file), asked as the docker CLI asks it: `get` with the server URL on stdin, answered with
/// `{"ServerURL", "Username", "Secret"}` on stdout. A user of `&lt;token&gt;` means the secret is an identity token.
/// "credentials not found" is no credentials (the registry is tried anonymously); any other failure is an
/// error naming the helper, as the docker CLI fails the pull or push.
/// </summary>
internal static class CredentialHelper
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static RegistryAuth.Credentials? Get(string name, string serverUrl, string configFile, Func<string, string?> getenv)
    {
        var program = $"docker-credential-{name}";
        var path = FindOnPath(program, getenv("PATH"))
            ?? throw new FormatException($"{configFile}: credential helper {program} (named for {serverUrl}) is not on PATH; install it, or remove it from the file to use `auths`");
        var (exitCode, stdout, stderr) = Run(path, serverUrl);
        if (exitCode != 0)
        {
            var said = (stdout.Trim().Length > 0 ? stdout : stderr).Trim();
            // The docker-credential-helpers library's wording for a missing entry, which every helper built on it prints.
            if (said.Contains("credentials not found", StringComparison.OrdinalIgnoreCase)) return null;
            throw new FormatException($"credential helper {program} failed for {serverUrl} (exit {exitCode}): {said}");
        }
        return Parse(stdout, program, serverUrl);
    }

    internal static RegistryAuth.Credentials? Parse(string stdout, string program, string serverUrl)
    {
        try
        {
            using var answer = JsonDocument.Parse(stdout);
            string? Text(string key) => answer.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var (user, secret) = (Text("Username"), Text("Secret"));
            if (string.IsNullOrEmpty(user) && string.IsNullOrEmpty(secret)) return null;
            return user == "<token>"
                ? new RegistryAuth.Credentials(null, null, secret, serverUrl)
                : new RegistryAuth.Credentials(user, secret, null, serverUrl);
        }
        catch (JsonException)
        {
            throw new FormatException($"credential helper {program} answered {serverUrl} with something that is not its JSON: {Shorten(stdout)}");
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string path, string serverUrl)
    {
        var info = new ProcessStartInfo(path) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("get");
        using var process = Process.Start(info) ?? throw new FormatException($"could not start {path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(serverUrl);
        process.StandardInput.Close();
        if (!process.WaitForExit(Patience))
        {
            process.Kill(entireProcessTree: true);
            throw new FormatException($"credential helper {path} did not answer within {Patience.TotalSeconds:F0} s");
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string? FindOnPath(string program, string? path) =>
        (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    private static string Shorten(string text) => text.Length <= 80 ? text.Trim() : text[..80] + "…";
}
