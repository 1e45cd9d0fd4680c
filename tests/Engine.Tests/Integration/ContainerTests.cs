using System.Diagnostics;
using System.Formats.Tar;
using System.Text;

namespace Composer.Engine.Tests.Integration;

public sealed class ContainerTests
{
    [Fact]
    public async Task Create_with_config_inspect_list_and_remove()
    {
        await using var engine = new EngineScope();
        var id = await engine.CreateBusyboxAsync("full", EngineScope.Idle, r =>
        {
            r.Env = ["GREETING=hi"];
            r.ExposedPorts = new() { ["80/tcp"] = new Dictionary<string, object>() };
            r.HostConfig!.PortBindings = new() { ["80/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "" }] };
            r.HostConfig.RestartPolicy = new EngineRestartPolicy { Name = "on-failure", MaximumRetryCount = 2 };
            r.Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = 1_000_000_000 };
        });
        var inspect = await engine.Client.InspectContainerAsync(id, engine.Timeout);
        Assert.Contains("GREETING=hi", inspect.Config!.Env!);
        Assert.Equal("on-failure", inspect.HostConfig!.RestartPolicy!.Name);
        Assert.Equal(2, inspect.HostConfig.RestartPolicy.MaximumRetryCount);

        await engine.Client.UpdateRestartPolicyAsync(id, new EngineRestartPolicy { Name = "no" }, engine.Timeout);
        await engine.Client.RenameContainerAsync(id, engine.Name("renamed"), engine.Timeout);
        var listed = await engine.Client.ListContainersAsync(true, [$"composer.test={engine.Prefix}"], engine.Timeout);
        Assert.Equal("/" + engine.Name("renamed"), Assert.Single(listed).Names![0]);
        Assert.Equal("no", (await engine.Client.InspectContainerAsync(id, engine.Timeout)).HostConfig!.RestartPolicy!.Name);

        await engine.Client.RemoveContainerAsync(id, force: true, volumes: true, engine.Timeout);
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Client.InspectContainerAsync(id, engine.Timeout));
    }

    [Fact]
    public async Task Name_conflicts_are_typed()
    {
        await using var engine = new EngineScope();
        await engine.CreateBusyboxAsync("twin", "true");
        await Assert.ThrowsAsync<EngineConflictException>(() => engine.CreateBusyboxAsync("twin", "true"));
    }

    [Fact]
    public async Task Logs_keep_stdout_and_stderr_apart()
    {
        await using var engine = new EngineScope();
        var id = await engine.CreateBusyboxAsync("logs", "echo to-out; echo to-err >&2");
        await engine.Client.StartContainerAsync(id, engine.Timeout);
        Assert.Equal(0, await engine.Client.WaitContainerAsync(id, engine.Timeout));

        var text = new Dictionary<LogStream, StringBuilder> { [LogStream.StdOut] = new(), [LogStream.StdErr] = new() };
        await foreach (var frame in engine.Client.ContainerLogsAsync(id, new LogRequest(), engine.Timeout))
            text[frame.Stream].Append(Encoding.UTF8.GetString(frame.Payload.Span));
        Assert.Equal("to-out\n", text[LogStream.StdOut].ToString());
        Assert.Equal("to-err\n", text[LogStream.StdErr].ToString());
    }

    [Fact]
    public async Task A_cancelled_follow_stream_ends_promptly()
    {
        await using var engine = new EngineScope();
        var id = await engine.CreateBusyboxAsync("follow", EngineScope.Idle);
        await engine.Client.StartContainerAsync(id, engine.Timeout);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in engine.Client.ContainerLogsAsync(id, new LogRequest { Follow = true }, cancel.Token)) { }
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Stop_kill_restart_wait_and_exec()
    {
        await using var engine = new EngineScope();
        var id = await engine.CreateBusyboxAsync("life", EngineScope.Idle);
        await engine.Client.StartContainerAsync(id, engine.Timeout);

        // stdin in, then the half-close: `cat` ends only when it sees end of file, and its output still arrives after it.
        var exec = await engine.Client.CreateExecAsync(id,
            new ExecRequest { Cmd = ["sh", "-c", "echo inside; cat; echo err >&2; exit 4"], AttachStdin = true, AttachStdout = true, AttachStderr = true },
            engine.Timeout);
        await using (var connection = await engine.Client.StartExecInteractiveAsync(exec, tty: false, engine.Timeout))
        {
            await connection.Stream.WriteAsync("piped\n"u8.ToArray(), engine.Timeout);
            await connection.CloseWriteAsync(engine.Timeout);
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            await foreach (var frame in StreamDemultiplexer.ReadAsync(connection.Stream, tty: false, engine.Timeout))
                (frame.Stream == LogStream.StdErr ? stderr : stdout).Append(Encoding.UTF8.GetString(frame.Payload.Span));
            Assert.Equal("inside\npiped\n", stdout.ToString());
            Assert.Equal("err\n", stderr.ToString());
        }
        Assert.Equal(4, (await engine.Client.InspectExecAsync(exec, engine.Timeout)).ExitCode);

        Assert.NotEmpty((await engine.Client.TopContainerAsync(id, engine.Timeout)).Processes!);
        await engine.Client.StopContainerAsync(id, 5, engine.Timeout);
        Assert.Equal(0, await engine.Client.WaitContainerAsync(id, engine.Timeout));
        await engine.Client.RestartContainerAsync(id, 5, engine.Timeout);
        Assert.True((await engine.Client.InspectContainerAsync(id, engine.Timeout)).State!.Running);
        await engine.Client.KillContainerAsync(id, "SIGKILL", engine.Timeout);
        Assert.Equal(137, await engine.Client.WaitContainerAsync(id, engine.Timeout));
    }

    [Fact]
    public async Task An_archive_put_into_a_container_is_readable_inside()
    {
        await using var engine = new EngineScope();
        var id = await engine.CreateBusyboxAsync("archive", "cat /etc/app/settings.ini");
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, leaveOpen: true))
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "etc/app/settings.ini") { DataStream = new MemoryStream("mode=test"u8.ToArray()) });
        tar.Position = 0;
        await engine.Client.PutArchiveAsync(id, "/", tar, new ArchiveUploadOptions(), engine.Timeout);
        await engine.Client.StartContainerAsync(id, engine.Timeout);
        await engine.Client.WaitContainerAsync(id, engine.Timeout);
        var output = new StringBuilder();
        await foreach (var frame in engine.Client.ContainerLogsAsync(id, new LogRequest(), engine.Timeout)) output.Append(Encoding.UTF8.GetString(frame.Payload.Span));
        Assert.Equal("mode=test", output.ToString());
    }
}
