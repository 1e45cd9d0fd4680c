using Composer.Engine;
using Composer.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Composer.Reconciler.Tests.Faults;

/// <summary>The fake engine itself: that it refuses what the engine refuses, and that each planned fault does what it says.</summary>
public sealed class FakeEngineTests
{
    private static readonly ContainerCreateRequest Busybox = new() { Image = "busybox", Labels = new() { ["app"] = "x" } };

    private static async Task<List<EngineEvent>> CollectAsync(FakeEngine engine, EventFilters filters, Func<Task> act, int expected)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<EngineEvent>();
        var listening = Task.Run(async () =>
        {
            await foreach (var e in engine.MonitorEventsAsync(filters, stop.Token))
            {
                seen.Add(e);
                if (seen.Count == expected) break;
            }
        });
        await UntilAsync(() => engine.Subscribers == 1);
        await act();
        await listening;
        return seen;
    }

    private static Task UntilAsync(Func<bool> condition) => Supervision.SupervisorRig.Eventually(condition, "the fake is listened to");

    [Fact]
    public async Task It_refuses_what_the_engine_refuses()
    {
        using var engine = new FakeEngine();
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.CreateContainerAsync("a", Busybox, CancellationToken.None)); // no image yet
        engine.AddImage("busybox");
        var id = await engine.CreateContainerAsync("a", Busybox, CancellationToken.None);
        await Assert.ThrowsAsync<EngineConflictException>(() => engine.CreateContainerAsync("a", Busybox, CancellationToken.None));
        await engine.StartContainerAsync(id, CancellationToken.None);
        await Assert.ThrowsAsync<EngineConflictException>(() => engine.RemoveContainerAsync("a", force: false, volumes: false, CancellationToken.None));
        await engine.CreateNetworkAsync(new NetworkCreateRequest { Name = "n" }, CancellationToken.None);
        await Assert.ThrowsAsync<EngineConflictException>(() => engine.CreateNetworkAsync(new NetworkCreateRequest { Name = "n" }, CancellationToken.None));
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.InspectContainerAsync("b", CancellationToken.None));
        Assert.Equal(["CreateContainer a busybox", "CreateContainer a busybox", "CreateContainer a busybox", "StartContainer a", "RemoveContainer a",
            "CreateNetwork n", "CreateNetwork n", "InspectContainer b"], engine.Calls.Select(c => c.ToString()));
    }

    [Fact]
    public async Task Lists_by_label_as_the_engine_filters()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("a", new Dictionary<string, string> { ["p"] = "1", ["s"] = "web" });
        engine.AddContainer("b", new Dictionary<string, string> { ["p"] = "1" }, status: "exited");
        engine.AddContainer("c", new Dictionary<string, string> { ["p"] = "2", ["s"] = "web" });

        Assert.Equal(["/a", "/b"], (await engine.ListContainersAsync(true, ["p=1"], default)).Select(c => c.Names![0]).Order(StringComparer.Ordinal));
        Assert.Equal(["/a"], (await engine.ListContainersAsync(false, ["p=1"], default)).Select(c => c.Names![0]));
        Assert.Equal(["/a", "/c"], (await engine.ListContainersAsync(true, ["s"], default)).Select(c => c.Names![0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_nth_call_fails_and_only_that_one()
    {
        using var engine = new FakeEngine();
        engine.Faults.FailNth("Ping", 2, FaultPlan.Errors.Unavailable);
        await engine.PingAsync(default);
        await Assert.ThrowsAsync<EngineUnavailableException>(() => engine.PingAsync(default));
        await engine.PingAsync(default);
    }

    [Fact]
    public async Task A_lost_answer_fails_after_the_engine_acted()
    {
        using var engine = new FakeEngine();
        engine.Faults.Fail("CreateVolume", "v", timing: FaultTiming.After);
        await Assert.ThrowsAsync<EngineApiException>(() => engine.CreateVolumeAsync(new VolumeCreateRequest { Name = "v" }, default));
        Assert.Equal(["v"], engine.VolumeNames);
    }

    [Fact]
    public async Task A_slow_call_takes_its_time_on_the_clock_and_ends_with_its_token()
    {
        var time = new FakeTimeProvider();
        using var engine = new FakeEngine(time);
        engine.Faults.Slow("Ping", TimeSpan.FromSeconds(5), times: 1);
        var ping = engine.PingAsync(default);
        await Task.Delay(100);
        Assert.False(ping.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        await ping.WaitAsync(TimeSpan.FromSeconds(10));

        engine.Faults.Slow("Ping", Timeout.InfiniteTimeSpan);
        using var cancel = new CancellationTokenSource();
        var stuck = engine.PingAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Events_come_in_engine_order_with_labels_and_exit_codes()
    {
        using var engine = new FakeEngine();
        engine.AddImage("busybox");
        var seen = await CollectAsync(engine, new EventFilters { Type = ["container"], Labels = ["app=x"] }, async () =>
        {
            var id = await engine.CreateContainerAsync("a", Busybox, default);
            await engine.StartContainerAsync(id, default);
            engine.Exit("a", 3);
            await engine.RemoveContainerAsync(id, force: false, volumes: false, default);
        }, expected: 4);

        Assert.Equal(["create", "start", "die", "destroy"], seen.Select(e => e.Action));
        Assert.Equal("3", seen[2].Actor!.Attributes!["exitCode"]);
        Assert.All(seen, e => Assert.Equal("a", e.Actor!.Attributes!["name"]));
    }

    [Fact]
    public async Task Dropped_duplicated_and_held_events()
    {
        using var engine = new FakeEngine();
        engine.AddImage("busybox");
        engine.EventFaults.Drop(EventFaults.Action("create")).Duplicate(EventFaults.Action("die")).Hold(EventFaults.Action("start"));
        var seen = await CollectAsync(engine, new EventFilters { Type = ["container"] }, async () =>
        {
            var id = await engine.CreateContainerAsync("a", Busybox, default);
            await engine.StartContainerAsync(id, default);
            engine.Exit("a", 1);
            engine.ReleaseHeldEvents();
        }, expected: 3);

        Assert.Equal(["die", "die", "start"], seen.Select(e => e.Action));
        Assert.Equal(["create", "start", "die"], engine.History.Where(e => e.Type == "container").Select(e => e.Action));
    }

    [Fact]
    public async Task A_stream_with_since_replays_the_history_first()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        using var engine = new FakeEngine(time);
        engine.AddImage("busybox");
        var id = await engine.CreateContainerAsync("a", Busybox, default);
        time.Advance(TimeSpan.FromSeconds(1));
        var since = time.GetUtcNow();
        await engine.StartContainerAsync(id, default);

        var seen = await CollectAsync(engine, new EventFilters { Type = ["container"], Since = since }, () =>
        {
            engine.Exit("a", 0);
            return Task.CompletedTask;
        }, expected: 2);

        Assert.Equal(["start", "die"], seen.Select(e => e.Action));
    }
}
