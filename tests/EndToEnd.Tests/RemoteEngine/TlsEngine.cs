using System.Diagnostics;
using System.Text;
using Composer.EndToEnd.Tests.Harness;
using Composer.EndToEnd.Tests.Registry;

namespace Composer.EndToEnd.Tests.RemoteEngine;

/// <summary>
/// A second dockerd, beside the shared one, reachable only over TCP with mutual TLS (the
/// docker-machine setup): its own data root, exec root, pid file and unix socket in a temporary
/// folder, a default bridge of its own (made here), no iptables rules and address pools of its own,
/// so it leaves the shared engine's networking alone. Never --bridge=none: a dockerd started so
/// deletes the host's docker0, the shared engine's default bridge (seen here: every later build
/// on the shared engine failed with "could not find bridge docker0"). Certificates are made here with openssl: a CA, a server
/// certificate for IP 127.0.0.1 and a client certificate. busybox:latest is copied in from the
/// shared engine. Stopped with SIGTERM (so it unmounts and ends its containerd) at the end.
/// </summary>
public sealed class TlsEngine : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("ctls-").FullName;
    private Process? _daemon;
    private readonly StringBuilder _log = new();

    public int Port { get; } = RegistryFixture.FreePort();

    /// <summary>The second engine's default bridge: a name of its own (at most 15 characters, the kernel's limit).</summary>
    private readonly string _bridge = "ctls" + Guid.NewGuid().ToString("N")[..8];
    public string Socket => Path.Combine(_root, "docker.sock");
    public string ClientCerts => Path.Combine(_root, "client");

    /// <summary>What a user of a remote engine exports: composer finds it from these alone.</summary>
    public IReadOnlyDictionary<string, string> Environment(string? certPath = null) => new Dictionary<string, string>
    {
        ["DOCKER_HOST"] = $"tcp://127.0.0.1:{Port}",
        ["DOCKER_TLS_VERIFY"] = "1",
        ["DOCKER_CERT_PATH"] = certPath ?? ClientCerts,
    };

    public async Task InitializeAsync()
    {
        await MakeCertificatesAsync();
        (await ProcessRunner.RunAsync("sh", ["-c", $"ip link add {_bridge} type bridge && ip addr add 10.232.0.1/24 dev {_bridge} && ip link set {_bridge} up"]))
            .EnsureSuccess("make the second engine's bridge");
        var info = new ProcessStartInfo("dockerd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            // Its own (empty) settings: /etc/docker/daemon.json is the shared engine's, and could name sockets or a bridge.
            "--config-file", Config(),
            "--data-root", Path.Combine(_root, "data"), "--exec-root", Path.Combine(_root, "exec"), "--pidfile", Path.Combine(_root, "dockerd.pid"),
            "-H", $"unix://{Socket}", "-H", $"tcp://127.0.0.1:{Port}",
            "--tlsverify", "--tlscacert", Path.Combine(_root, "server", "ca.pem"),
            "--tlscert", Path.Combine(_root, "server", "server-cert.pem"), "--tlskey", Path.Combine(_root, "server", "server-key.pem"),
            "--bridge", _bridge, "--iptables=false", "--ip-masq=false", "--default-address-pool", "base=10.231.0.0/16,size=24",
        }) info.ArgumentList.Add(arg);
        _daemon = Process.Start(info)!;
        _daemon.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _daemon.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        await Eventually.TrueAsync(async () =>
        {
            if (_daemon.HasExited) throw new InvalidOperationException($"the second dockerd exited {_daemon.ExitCode}: {Log}");
            return (await DockerAsync("version")).ExitCode == 0;
        }, TimeSpan.FromSeconds(60), () => $"the second dockerd did not answer on {Socket}: {Log}");
        (await ProcessRunner.RunAsync("sh", ["-c", $"docker save busybox:latest | docker -H unix://{Socket} load -q"], timeout: TimeSpan.FromMinutes(2)))
            .EnsureSuccess("copy busybox into the second engine");
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    private string Config()
    {
        var file = Path.Combine(_root, "daemon.json");
        File.WriteAllText(file, "{}");
        return file;
    }

    /// <summary>The docker CLI on the second engine's unix socket: the witness of what composer did over TLS.</summary>
    public Task<ProcessResult> DockerAsync(params string[] args) => ProcessRunner.RunAsync("docker", ["-H", $"unix://{Socket}", .. args]);

    /// <summary>A CA, a server certificate for IP:127.0.0.1 and a client certificate, in server/ and client/ as dockerd and DOCKER_CERT_PATH want them.</summary>
    private async Task MakeCertificatesAsync()
    {
        if ((await ProcessRunner.RunAsync("sh", ["-c", "command -v openssl"])).ExitCode != 0)
            (await ProcessRunner.RunAsync("sh", ["-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null 2>&1 || " +
                "{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null; }"], timeout: TimeSpan.FromMinutes(5)))
                .EnsureSuccess("apt-get install openssl");
        const string script = """
            set -e
            mkdir -p server client
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out server/ca.pem -days 2 -subj /CN=composer-test-ca
            cp server/ca.pem client/ca.pem
            openssl req -newkey rsa:2048 -nodes -keyout server/server-key.pem -out server.csr -subj /CN=127.0.0.1
            printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
            openssl x509 -req -in server.csr -CA server/ca.pem -CAkey ca-key.pem -CAcreateserial -out server/server-cert.pem -days 2 -extfile server.ext
            openssl req -newkey rsa:2048 -nodes -keyout client/key.pem -out client.csr -subj /CN=composer-test-client
            printf 'extendedKeyUsage=clientAuth\n' > client.ext
            openssl x509 -req -in client.csr -CA server/ca.pem -CAkey ca-key.pem -CAcreateserial -out client/cert.pem -days 2 -extfile client.ext
            # The same client certificate beside a CA that never signed the engine's.
            mkdir -p wrong-ca
            openssl req -x509 -newkey rsa:2048 -nodes -keyout wrong-ca-key.pem -out wrong-ca/ca.pem -days 2 -subj /CN=some-other-ca
            cp client/cert.pem client/key.pem wrong-ca/
            """;
        (await ProcessRunner.RunAsync("sh", ["-c", script], _root)).EnsureSuccess("openssl certificates");
    }

    public string WrongCa => Path.Combine(_root, "wrong-ca");

    public async Task DisposeAsync()
    {
        if (_daemon is null)
        {
            await ProcessRunner.RunAsync("ip", ["link", "del", _bridge]);
            return;
        }
        var leftovers = (await DockerAsync("ps", "-aq")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (leftovers.Length > 0) await DockerAsync(["rm", "-f", .. leftovers]);
        if (!_daemon.HasExited)
        {
            await ProcessRunner.RunAsync("kill", ["-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _daemon.WaitForExitAsync(patience.Token); }
            catch (OperationCanceledException) { _daemon.Kill(entireProcessTree: true); }
        }
        _daemon.Dispose();
        await ProcessRunner.RunAsync("ip", ["link", "del", _bridge]);
        try { Directory.Delete(_root, recursive: true); } catch (Exception error) when (error is IOException or UnauthorizedAccessException) { }
    }
}
