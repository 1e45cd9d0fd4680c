using System.Text.RegularExpressions;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>The example stacks under examples/, brought up by the real composer exactly as their READMEs say.</summary>
public sealed class ExampleStackTests
{
    public static string Example(string name) => Path.Combine(Repository.Root, "examples", name);

    [Fact]
    public async Task Django_postgres_nginx_serves_writes_and_keeps_data_until_down_v()
    {
        var dir = Example("django-postgres-nginx");
        var project = "e2eflagship" + Guid.NewGuid().ToString("N")[..6];
        Task<ProcessResult> Composer(params string[] args) => ComposerCli.RunAsync(dir, ["-p", project, .. args]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await WithLogsOnFailureAsync(args => Composer(args), async () =>
            {
                (await Composer("up", "--build", "-d", "--wait")).EnsureSuccess("up --build");
                var added = await NetworkingTests.RetryAsync(() => http.GetStringAsync("http://127.0.0.1:8080/add?text=kept-by-volume"));
                Assert.StartsWith("added", added);
                Assert.Contains("<li>kept-by-volume</li>", await http.GetStringAsync("http://127.0.0.1:8080/"));

                (await Composer("down", "-t", "5")).EnsureSuccess("down");
                Assert.Contains($"{project}_pgdata", await Docker.RunAsync("volume", "ls", "--format", "{{.Name}}"));
                (await Composer("up", "-d", "--wait")).EnsureSuccess("up again");
                var page = await NetworkingTests.RetryAsync(() => http.GetStringAsync("http://127.0.0.1:8080/"));
                Assert.Contains("<li>kept-by-volume</li>", page);

                (await Composer("down", "-v", "--rmi", "local", "-t", "5")).EnsureSuccess("down -v");
                Assert.DoesNotContain($"{project}_pgdata", await Docker.RunAsync("volume", "ls", "--format", "{{.Name}}"));
            });
        }
        finally
        {
            await Composer("down", "-v", "-t", "1");
            await Docker.PurgeProjectAsync(project);
        }
    }

    /// <summary>Brings an example up under a unique project name and always takes it down again.</summary>
    private static async Task WithExampleAsync(string name, Func<Func<string[], Task<ProcessResult>>, string, Task> body,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var dir = Example(name);
        var project = "e2eex" + Guid.NewGuid().ToString("N")[..8];
        Task<ProcessResult> Composer(string[] args) => ComposerCli.RunAsync(dir, environment, ["-p", project, .. args]);
        try { await WithLogsOnFailureAsync(Composer, () => body(Composer, project)); }
        finally
        {
            await Composer(["down", "-v", "-t", "1"]);
            await Docker.PurgeProjectAsync(project);
        }
    }

    /// <summary>A failure carries the end of every container's log: a stack that would not come up says why.</summary>
    private static async Task WithLogsOnFailureAsync(Func<string[], Task<ProcessResult>> composer, Func<Task> body)
    {
        try { await body(); }
        catch (Exception failure)
        {
            var logs = await composer(["logs", "--tail", "30"]);
            var states = await composer(["ps", "-a"]);
            throw new Xunit.Sdk.XunitException($"{failure.Message}\n--- composer ps -a:\n{states.Stdout}\n--- composer logs --tail 30:\n{logs.Stdout}{logs.Stderr}", failure);
        }
    }

    private static async Task<string> LogsUntilAsync(Func<string[], Task<ProcessResult>> composer, string service, string expected) =>
        await NetworkingTests.RetryAsync(async () =>
        {
            var logs = (await composer(["logs", "--no-log-prefix", service])).Stdout;
            return logs.Contains(expected) ? logs : throw new InvalidOperationException(logs);
        }, attempts: 60);

    [Fact]
    public Task Client_reaches_server_through_its_link_alias() => WithExampleAsync("client-server-links", async (composer, project) =>
    {
        (await composer(["up", "--build", "-d"])).EnsureSuccess("up");
        var logs = await LogsUntilAsync(composer, "client", "client got:");
        Assert.Contains($"client got: hello from", logs);
    });

    [Fact]
    public Task Static_site_serves_the_host_folder_and_follows_edits() => WithExampleAsync("static-site", async (composer, project) =>
    {
        var page = Path.Combine(Example("static-site"), "htdocs", "index.html");
        var original = File.ReadAllText(page);
        try
        {
            (await composer(["up", "-d"])).EnsureSuccess("up");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            Assert.Equal(original, await NetworkingTests.RetryAsync(() => http.GetStringAsync("http://127.0.0.1:8001/")));
            var id = await Docker.ContainerIdAsync($"{project}-web-1");
            File.WriteAllText(page, "<h1>edited on the host</h1>\n");
            Assert.Equal("<h1>edited on the host</h1>\n", await http.GetStringAsync("http://127.0.0.1:8001/"));
            Assert.Equal(id, await Docker.ContainerIdAsync($"{project}-web-1"));
        }
        finally
        {
            File.WriteAllText(page, original);
        }
    });

    [Fact]
    public Task C_program_is_compiled_at_build_and_runs_as_non_root() => WithExampleAsync("build-c-program", async (composer, project) =>
    {
        (await composer(["up", "--build", "-d"])).EnsureSuccess("up --build");
        await LogsUntilAsync(composer, "hello", "running as uid 1000");
        var once = (await composer(["run", "--rm", "-T", "hello"])).EnsureSuccess("run --rm");
        Assert.Contains("hello from a compiled C program, running as uid 1000", once.Stdout);
    });

    [Fact]
    public Task Hardened_service_proves_each_restriction_from_inside() => WithExampleAsync("hardened", async (composer, project) =>
    {
        (await composer(["up", "-d"])).EnsureSuccess("up");
        var logs = await LogsUntilAsync(composer, "locked", "tmp: writable");
        Assert.Contains("id: 65534:65534", logs);
        Assert.Contains("CapEff:\t0000000000000000", logs);
        Assert.Contains("NoNewPrivs:\t1", logs);
        Assert.Contains("rootfs: read-only", logs);
    });

    [Fact]
    public Task Django_celery_runs_a_queued_task_in_the_worker_that_extends_web() => WithExampleAsync("django-celery", async (composer, project) =>
    {
        (await composer(["up", "--build", "-d", "--wait"])).EnsureSuccess("up --build");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var queued = await NetworkingTests.RetryAsync(() => http.GetStringAsync("http://127.0.0.1:8082/enqueue?a=20&b=22"));
        Assert.StartsWith("queued", queued);
        var page = await NetworkingTests.RetryAsync(async () =>
        {
            var html = await http.GetStringAsync("http://127.0.0.1:8082/");
            return html.Contains("task result: 20 + 22 = 42") ? html : throw new InvalidOperationException(html);
        }, attempts: 120);
        Assert.Contains("<li>task result: 20 + 22 = 42</li>", page);
        (await composer(["down", "-v", "--rmi", "local", "-t", "5"])).EnsureSuccess("down");
    });

    [Fact]
    public async Task X11_app_draws_a_window_on_the_hosts_x_server()
    {
        // A display no earlier server left a lock for: a stale lock whose PID is alive again would stop Xvfb.
        var number = Enumerable.Range(0, 100).Select(_ => Random.Shared.Next(100, 400)).First(n => !File.Exists($"/tmp/.X{n}-lock"));
        var display = $":{number}";
        var info = new System.Diagnostics.ProcessStartInfo("Xvfb", [display, "-ac", "-screen", "0", "640x480x24", "-nolisten", "tcp"])
        {
            RedirectStandardError = true,
        };
        using var xvfb = System.Diagnostics.Process.Start(info)!;
        var xvfbLog = xvfb.StandardError.ReadToEndAsync();
        try
        {
            // The X server first, through the socket file the container sees (the host's own clients
            // may use the abstract socket, which the container's network namespace cannot reach).
            await NetworkingTests.RetryAsync(async () =>
            {
                using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint($"/tmp/.X11-unix/X{number}"));
                return true;
            }, attempts: 40);
            await WithExampleAsync("x11-app", async (composer, project) =>
            {
                (await composer(["up", "--build", "-d"])).EnsureSuccess("up --build");
                var tree = await NetworkingTests.RetryAsync(async () =>
                {
                    var windows = (await ProcessRunner.RunAsync("xwininfo", ["-root", "-tree", "-display", display])).Stdout;
                    return windows.Contains("xclock") ? windows : throw new InvalidOperationException(windows);
                }, attempts: 60);
                Assert.Contains("\"xclock\"", tree);
            }, new Dictionary<string, string> { ["DISPLAY"] = display });
        }
        catch (Exception failure)
        {
            var sockets = await ProcessRunner.RunAsync("ls", ["-la", "/tmp/.X11-unix"]);
            var server = xvfb.HasExited ? $"exited {xvfb.ExitCode}: {await xvfbLog}" : "running";
            throw new Xunit.Sdk.XunitException($"{failure.Message}\n--- Xvfb {display}: {server}\n--- /tmp/.X11-unix:\n{sockets.Stdout}", failure);
        }
        finally
        {
            // TERM, so the server removes its lock and socket; KILL left them behind for the next run.
            if (!xvfb.HasExited) await ProcessRunner.RunAsync("kill", ["-TERM", xvfb.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await xvfb.WaitForExitAsync(exit.Token); }
            catch (OperationCanceledException) { xvfb.Kill(); }
        }
    }

    [Fact]
    public async Task X11_app_without_a_display_names_the_variable()
    {
        var result = await ComposerCli.RunAsync(Example("x11-app"), new Dictionary<string, string> { ["DISPLAY"] = "" }, "config");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("DISPLAY", result.Stderr);
        Assert.Contains("compose.yaml:7:", result.Stderr);
    }

    [Fact]
    public Task Restart_policies_are_enforced_by_the_engine_without_an_agent() => WithExampleAsync("restart-policies", async (composer, project) =>
    {
        (await composer(["up", "-d"])).EnsureSuccess("up");
        async Task<(string Status, int Restarts, string Policy)> StateAsync(string service)
        {
            var text = await Docker.RunAsync("inspect", "-f", "{{.State.Status}} {{.RestartCount}} {{.HostConfig.RestartPolicy.Name}}", $"{project}-{service}-1");
            var parts = text.Split(' ');
            return (parts[0], int.Parse(parts[1]), parts[2]);
        }

        // on-failure:3 gives up after three restarts (engine backoff: 100, 200, 400 ms after each 2 s run).
        var retried = await NetworkingTests.RetryAsync(async () =>
        {
            var state = await StateAsync("retry-three-times");
            return state is { Status: "exited", Restarts: 3 } ? state : throw new InvalidOperationException(state.ToString());
        }, attempts: 80);
        Assert.Equal("on-failure", retried.Policy);

        var never = await StateAsync("never");
        Assert.Equal(("exited", 0, "no"), never);
        var always = await StateAsync("always");
        Assert.True(always.Restarts >= 2, always.ToString());
        Assert.Equal("always", always.Policy);
        Assert.True((await StateAsync("unless-stopped")).Restarts >= 2);

        (await composer(["stop", "-t", "1", "unless-stopped"])).EnsureSuccess("stop");
        var restartsWhenStopped = (await StateAsync("unless-stopped")).Restarts;
        await Task.Delay(3000);
        Assert.Equal(("exited", restartsWhenStopped, "unless-stopped"), await StateAsync("unless-stopped"));
    });

    [Fact]
    public async Task Restart_policies_under_the_agent_show_in_agent_status()
    {
        await using var agent = await AgentProcess.StartAsync();
        await WithExampleAsync("restart-policies", async (composer, project) =>
        {
            await using var events = EventRecorder.Start(project);
            (await composer(["up", "-d"])).EnsureSuccess("up");
            string C(string service) => $"{project}-{service}-1";
            // on-failure:3: three restarts after its 2 s runs (100, 200, 400 ms backoff), then left exited.
            await Eventually.TrueAsync(async () => (await agent.ContainersAsync(project)) is var c && c.Count == 4
                    && c[C("retry-three-times")].GetProperty("restarts").GetInt32() == 3 && c[C("retry-three-times")].GetProperty("state").GetString() == "exited",
                TimeSpan.FromSeconds(60), () => agent.Log);
            var containers = await agent.ContainersAsync(project);
            Assert.Equal(0, containers[C("never")].GetProperty("restarts").GetInt32());
            foreach (var service in new[] { "always", "unless-stopped" })
                Assert.True(containers[C(service)].GetProperty("restarts").GetInt32() >= 2,
                    $"{service} restarted {containers[C(service)].GetProperty("restarts").GetInt32()} times; its events:\n{events.Timeline(C(service))}\nthe agent's log:\n{agent.Log}");

            var status = (await composer(["agent", "status"])).EnsureSuccess("agent status").Stdout;
            Assert.True(Regex.IsMatch(status, $@"{project}\s+retry-three-times\s+{C("retry-three-times")}\s+on-failure:3\s+exited\s+3\s+1"), status + agent.Log);
            Assert.True(Regex.IsMatch(status, $@"{project}\s+never\s+{C("never")}\s+no\s+exited\s+0\s+0"), status);

            var stoppingAt = DateTimeOffset.UtcNow;
            (await composer(["stop", "-t", "1", "unless-stopped"])).EnsureSuccess("stop");
            var stoppedAt = DateTimeOffset.UtcNow;
            await Task.Delay(3000);
            var state = await Docker.StateAsync(C("unless-stopped"));
            Assert.True(state == "exited",
                $"unless-stopped is {state} after `composer stop` ({stoppingAt:HH:mm:ss.fff} to {stoppedAt:HH:mm:ss.fff});\n" +
                $"its events:\n{events.Timeline(C("unless-stopped"))}\nthe agent's log:\n{agent.Log}");
        }, agent.Environment);
    }
}
