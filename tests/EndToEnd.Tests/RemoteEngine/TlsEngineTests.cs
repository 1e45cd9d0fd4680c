using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests.RemoteEngine;

/// <summary>composer against a remote engine over mutual TLS, found from DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH alone.</summary>
public sealed class TlsEngineTests(TlsEngine engine) : IClassFixture<TlsEngine>
{
    [Fact]
    public async Task Up_ps_exec_logs_and_down_work_over_tls()
    {
        await using var project = new TempProject("""
            services:
              box:
                image: busybox:latest
                command: ["sh", "-c", "echo hello over tls; trap 'exit 0' TERM; sleep 3600 & wait"]
            """, "tls") { Environment = engine.Environment() };
        var started = DateTime.UtcNow;
        await project.ComposerOkAsync("up", "-d");
        Console.WriteLine($"up over TLS: {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms");
        // On the remote engine, not on the shared one.
        Assert.Equal($"{project.Name}-box-1", (await engine.DockerAsync("ps", "--format", "{{.Names}}", "--filter", $"label=com.docker.compose.project={project.Name}")).Stdout.Trim());
        Assert.Empty(await Docker.ContainersAsync(project.Name));
        // The second engine left the shared one's default bridge alone.
        Assert.Equal("ok", await Docker.RunAsync("run", "--rm", "busybox:latest", "echo", "ok"));

        Assert.Contains($"{project.Name}-box-1", (await project.ComposerOkAsync("ps")).Stdout);
        var id = (await engine.DockerAsync("inspect", "-f", "{{.Config.Hostname}}", $"{project.Name}-box-1")).Stdout.Trim();
        Assert.Equal(id, (await project.ComposerOkAsync("exec", "-T", "box", "hostname")).Stdout.Trim());
        var logs = await NetworkingTests.RetryAsync(async () =>
        {
            var r = await project.ComposerOkAsync("logs", "box");
            return r.Stdout.Contains("hello over tls") ? r.Stdout : throw new InvalidOperationException(r.Stdout);
        });
        Assert.Contains("box-1  | hello over tls", logs);

        await project.ComposerOkAsync("down");
        Assert.Equal("", (await engine.DockerAsync("ps", "-aq", "--filter", $"label=com.docker.compose.project={project.Name}")).Stdout.Trim());
    }

    [Fact]
    public async Task A_ca_that_did_not_sign_the_engines_certificate_is_a_clear_error()
    {
        await using var project = new TempProject(Busybox.OneIdleBox, "tls") { Environment = engine.Environment(engine.WrongCa) };
        var refused = await project.ComposerAsync("ps");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"Cannot connect to the Docker engine at tcp://127.0.0.1:{engine.Port}: the TLS handshake failed", refused.Stderr);
        Assert.Contains("ca.pem", refused.Stderr);
        Assert.DoesNotContain("   at ", refused.All);

        await using var unconfigured = new TempProject(Busybox.OneIdleBox, "tls") { Environment = engine.Environment("/nonexistent/certs") };
        var missing = await unconfigured.ComposerAsync("ps");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("DOCKER_TLS_VERIFY is set but /nonexistent/certs/ca.pem does not exist", missing.Stderr);
    }
}
