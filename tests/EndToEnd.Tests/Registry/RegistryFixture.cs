using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests.Registry;

/// <summary>
/// A real image registry for the tests of the "Registry" collection: Debian's docker-registry
/// (distribution 2.8), installed when missing, serving from a temporary folder on a free port of
/// 127.0.0.1 (the engine pushes there without TLS: loopback registries count as insecure-allowed).
/// Stopped, and its images untagged from the engine, at the end.
/// </summary>
public class RegistryFixture : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("composer-registry-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? _process;
    private readonly StringBuilder _log = new();

    /// <summary>host:port, the prefix of the images pushed here.</summary>
    public string Host { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
        var port = FreePort();
        Host = $"127.0.0.1:{port}";
        var config = Path.Combine(_root, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_root, "data")}
            http:
              addr: {Host}
            {AuthSection()}
            """);
        var info = new ProcessStartInfo("docker-registry") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add(config);
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.TrueAsync(AnswersAsync, TimeSpan.FromSeconds(30), () => $"docker-registry did not answer /v2/ on {Host}: {Log}");
    }

    /// <summary>A folder of the fixture's own, removed with it.</summary>
    protected string Root => _root;

    /// <summary>The `auth:` section of the registry's configuration (at column 0), or nothing for an open registry.</summary>
    protected virtual string AuthSection() => "";

    /// <summary>What the fixture's own requests send to be let in.</summary>
    protected virtual void Authorize(HttpRequestMessage request) { }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>A repository name of its own for one test, so tests never see each other's tags.</summary>
    public string NewRepository(string what) => $"{Host}/ns/{what}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The registry's own answer (GET /v2/NAME/tags/list): the tags it holds for a repository.</summary>
    public async Task<string> TagsAsync(string repository)
    {
        var name = repository[(Host.Length + 1)..];
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Host}/v2/{name}/tags/list");
        Authorize(request);
        using var response = await _http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.NotFound ? "" : await response.Content.ReadAsStringAsync();
    }

    private async Task<bool> AnswersAsync()
    {
        if (_process!.HasExited) throw new InvalidOperationException($"docker-registry exited {_process.ExitCode}: {Log}");
        try { return (await _http.GetAsync($"http://{Host}/v2/")).StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized; }
        catch (HttpRequestException) { return false; }
    }

    /// <summary>CI machines start without it: installed quietly, once (apt-get update only when the first try fails).</summary>
    private static async Task EnsureInstalledAsync()
    {
        if ((await ProcessRunner.RunAsync("sh", ["-c", "command -v docker-registry"])).ExitCode == 0) return;
        var install = "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null 2>&1 || " +
                      "{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null; }";
        (await ProcessRunner.RunAsync("sh", ["-c", install], timeout: TimeSpan.FromMinutes(5))).EnsureSuccess("apt-get install docker-registry");
    }

    /// <summary>A port nothing listens on right now (the kernel's pick, released at once).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        _http.Dispose();
        // Whatever the tests left of this registry's images goes with it: tagged ones, and those a
        // moved tag left with only their digest (listed as REPOSITORY:<none>, removable by id alone).
        var images = (await Docker.TryAsync("images", "--format", "{{.Repository}} {{.ID}}")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))
            .Where(parts => parts.Length == 2 && parts[0].StartsWith(Host + "/", StringComparison.Ordinal)).Select(parts => parts[1]).Distinct().ToArray();
        if (images.Length > 0) await Docker.TryAsync(["rmi", "-f", .. images]);
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition("Registry")]
public sealed class RegistryCollection : ICollectionFixture<RegistryFixture>;
