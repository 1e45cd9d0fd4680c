using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Composer.EndToEnd.Tests.Harness;

/// <summary>
/// A real `composer agent` process with its own state directory and socket, so tests run side
/// by side. Disposing stops it cleanly (SIGTERM) and removes its state.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    private AgentProcess(string stateDirectory, double resyncSeconds)
    {
        StateDirectory = stateDirectory;
        ResyncSeconds = resyncSeconds;
    }

    public string StateDirectory { get; }
    public double ResyncSeconds { get; }
    public string Socket => Path.Combine(StateDirectory, "agent.sock");
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["COMPOSER_STATE_DIR"] = StateDirectory };
    public string Log { get { lock (_log) return _log.ToString(); } }
    public int Pid => _process?.Id ?? 0;

    public static async Task<AgentProcess> StartAsync(double resyncSeconds = 5)
    {
        var agent = NotStarted(resyncSeconds);
        await agent.StartAgainAsync();
        return agent;
    }

    /// <summary>Its state directory only, for a test that prepares it (or runs CLIs without an agent) first.</summary>
    public static AgentProcess NotStarted(double resyncSeconds = 5) =>
        new(Directory.CreateTempSubdirectory("composer-agent-").FullName, resyncSeconds);

    public string StateFile => Path.Combine(StateDirectory, "state.json");

    /// <summary>Starts the agent (again, after a kill or stop) on the same state directory.</summary>
    public async Task StartAgainAsync()
    {
        var info = ComposerCli.StartInfo("agent", "--state-dir", StateDirectory,
            "--resync", ResyncSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.TrueAsync(async () => (await TryGetAsync("/health")) is not null, TimeSpan.FromSeconds(30), () => "agent did not answer:\n" + Log);
    }

    /// <summary>kill -9: no clean shutdown, nothing handed back.</summary>
    public async Task KillAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd stops it.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await _process.WaitForExitAsync(limit.Token);
    }

    public async Task<JsonElement> GetJsonAsync(string path) =>
        JsonDocument.Parse(await TryGetAsync(path) ?? throw new Xunit.Sdk.XunitException($"agent did not answer {path}:\n{Log}")).RootElement;

    public async Task<string> GetTextAsync(string path) =>
        await TryGetAsync(path) ?? throw new Xunit.Sdk.XunitException($"agent did not answer {path}:\n{Log}");

    /// <summary>The supervised containers of a project, from the control API, by container name.</summary>
    public async Task<Dictionary<string, JsonElement>> ContainersAsync(string project)
    {
        var status = await GetJsonAsync("/projects");
        return status.GetProperty("projects").EnumerateArray()
            .Where(p => p.GetProperty("name").GetString() == project)
            .SelectMany(p => p.GetProperty("containers").EnumerateArray())
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
    }

    private async Task<string?> TryGetAsync(string path)
    {
        if (!File.Exists(Socket)) return null;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://agent"), Timeout = TimeSpan.FromSeconds(10) };
        try { return await http.GetStringAsync(path); }
        catch (HttpRequestException) { return null; }
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        catch (OperationCanceledException) { _process?.Kill(); }
        _process?.Dispose();
        try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Polling with a deadline, for things that happen "soon" in another process.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, TimeSpan within, Func<string> describe) =>
        TrueAsync(() => Task.FromResult(condition()), within, describe);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"not true within {within}: {describe()}");
            await Task.Delay(200);
        }
    }
}
