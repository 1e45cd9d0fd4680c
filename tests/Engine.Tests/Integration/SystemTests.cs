namespace Composer.Engine.Tests.Integration;

public sealed class SystemTests
{
    [Fact]
    public async Task Ping_version_and_info_answer()
    {
        await using var engine = new EngineScope();
        await engine.Client.PingAsync(engine.Timeout);
        var version = await engine.Client.VersionAsync(engine.Timeout);
        Assert.False(string.IsNullOrEmpty(version.Version));
        Assert.StartsWith("1.", version.ApiVersion);
        Assert.True((await engine.Client.InfoAsync(engine.Timeout)).NCPU > 0);
    }

    [Fact]
    public async Task Over_tcp_calls_and_a_half_closed_exec_work_as_over_the_unix_socket()
    {
        await using var engine = new EngineScope();
        var local = EngineEndpoint.FromEnvironment();
        Assert.Equal(EndpointKind.Unix, local.Kind);
        await using var forwarder = new TcpForwarder(local.Address);
        using var tcp = new EngineClient(EngineEndpoint.Parse($"tcp://127.0.0.1:{forwarder.Port}"));

        Assert.Equal((await engine.Client.VersionAsync(engine.Timeout)).Version, (await tcp.VersionAsync(engine.Timeout)).Version);
        var id = await engine.CreateBusyboxAsync("tcp", EngineScope.Idle);
        await tcp.StartContainerAsync(id, engine.Timeout);
        var exec = await tcp.CreateExecAsync(id,
            new ExecRequest { Cmd = ["sh", "-c", "cat; echo done"], AttachStdin = true, AttachStdout = true, AttachStderr = true }, engine.Timeout);
        await using var connection = await tcp.StartExecInteractiveAsync(exec, tty: false, engine.Timeout);
        await connection.Stream.WriteAsync("over tcp\n"u8.ToArray(), engine.Timeout);
        await connection.CloseWriteAsync(engine.Timeout);
        var output = new System.Text.StringBuilder();
        await foreach (var frame in StreamDemultiplexer.ReadAsync(connection.Stream, tty: false, engine.Timeout))
            output.Append(System.Text.Encoding.UTF8.GetString(frame.Payload.Span));
        Assert.Equal("over tcp\ndone\n", output.ToString());
    }

    [Fact]
    public async Task An_engine_that_does_not_answer_is_named_in_the_error()
    {
        using var client = new EngineClient(EngineEndpoint.Parse("unix:///tmp/no-engine-here.sock"));
        var error = await Assert.ThrowsAsync<EngineUnavailableException>(() => client.PingAsync(CancellationToken.None));
        Assert.Contains("unix:///tmp/no-engine-here.sock", error.Message);
    }

    [Fact]
    public async Task Events_stream_sees_a_containers_life()
    {
        await using var engine = new EngineScope();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(engine.Timeout);
        var seen = new List<string>();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in engine.Client.MonitorEventsAsync(new EventFilters { Type = ["container"], Labels = [$"composer.test={engine.Prefix}"] }, stop.Token))
                {
                    lock (seen) seen.Add(e.Action!);
                    if (e.Action == "destroy") return;
                }
            }
            catch (OperationCanceledException) { }
        });
        await Task.Delay(300);
        var id = await engine.CreateBusyboxAsync("events", "exit 0");
        await engine.Client.StartContainerAsync(id, engine.Timeout);
        await engine.Client.WaitContainerAsync(id, engine.Timeout);
        await engine.Client.RemoveContainerAsync(id, force: true, volumes: false, engine.Timeout);
        await watching.WaitAsync(TimeSpan.FromSeconds(20));
        lock (seen) Assert.Equal(["create", "start", "die", "destroy"], seen.Where(a => a is "create" or "start" or "die" or "destroy"));
    }
}
