using Composer.Model;
using Composer.Engine;
using Composer.Reconciler.Execution;
using Composer.Reconciler.State;
using Composer.Testing;

namespace Composer.Reconciler.Tests.Execution;

/// <summary>
/// depends_on conditions against a fake engine. The waiter reads the engine's state (it does not
/// follow events), so events lost, repeated or late on the way change nothing: the tests drop,
/// duplicate and hold every event to show it.
/// </summary>
public sealed class ServiceConditionWaiterTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly HealthConfig Probe = new() { Test = ["CMD", "true"] };

    private static Dictionary<string, string> Labelled(string service, int number = 1) => new()
    {
        [ComposeLabels.Project] = "demo",
        [ComposeLabels.Service] = service,
        [ComposeLabels.ContainerNumber] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [ComposeLabels.OneOff] = ComposeLabels.False,
    };

    private static Task WaitAsync(FakeEngine engine, string service, DependencyCondition condition, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        new ServiceConditionWaiter(engine, "demo").WaitAsync(service, condition, timeout ?? Long, cancellationToken);

    /// <summary>Gives a wait time to finish if it (wrongly) would: then it must still be waiting.</summary>
    private static async Task AssertStillWaitingAsync(Task wait)
    {
        await Task.WhenAny(wait, Task.Delay(600));
        Assert.False(wait.IsCompleted, $"the wait ended early: {wait.Exception?.InnerException?.Message ?? wait.Status.ToString()}");
    }

    [Theory]
    [InlineData(EventFate.Deliver)]
    [InlineData(EventFate.Drop)]
    [InlineData(EventFate.Duplicate)]
    [InlineData(EventFate.Hold)]
    public async Task Healthy_waits_for_the_verdict_whatever_becomes_of_the_events(EventFate fate)
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db"), healthcheck: Probe);
        if (fate == EventFate.Drop) engine.EventFaults.Drop(EventFaults.Any);
        if (fate == EventFate.Duplicate) engine.EventFaults.Duplicate(EventFaults.Any);
        if (fate == EventFate.Hold) engine.EventFaults.Hold(EventFaults.Any);

        var wait = WaitAsync(engine, "db", DependencyCondition.ServiceHealthy);
        await AssertStillWaitingAsync(wait); // "starting" is no verdict
        engine.SetHealth("demo-db-1", "healthy");

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Healthy_waits_for_every_replica()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db", 1), healthcheck: Probe);
        engine.AddContainer("demo-db-2", Labelled("db", 2), healthcheck: Probe);
        engine.SetHealth("demo-db-1", "healthy");

        var wait = WaitAsync(engine, "db", DependencyCondition.ServiceHealthy);
        await AssertStillWaitingAsync(wait);
        engine.SetHealth("demo-db-2", "healthy");
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Unhealthy_fails_at_once_with_the_last_probe()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db"), healthcheck: Probe);
        engine.SetHealth("demo-db-1", "unhealthy");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WaitAsync(engine, "db", DependencyCondition.ServiceHealthy));
        Assert.Equal("container demo-db-1 is unhealthy (3 failed checks; the last exited 1: injected probe failure)", error.Message);
    }

    [Fact]
    public async Task Healthy_fails_for_a_container_that_exits_first()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db"), healthcheck: Probe);
        var wait = WaitAsync(engine, "db", DependencyCondition.ServiceHealthy);
        await AssertStillWaitingAsync(wait);
        engine.Exit("demo-db-1", 2);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("container demo-db-1 exited with code 2 before it became healthy", error.Message);
    }

    [Fact]
    public async Task Healthy_fails_for_a_container_without_a_healthcheck()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WaitAsync(engine, "db", DependencyCondition.ServiceHealthy));
        Assert.Equal("container demo-db-1 has no healthcheck, so it can never be healthy", error.Message);
    }

    [Theory]
    [InlineData(EventFate.Drop)]
    [InlineData(EventFate.Duplicate)]
    public async Task Completed_successfully_waits_for_exit_zero(EventFate fate)
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-migrate-1", Labelled("migrate"));
        if (fate == EventFate.Drop) engine.EventFaults.Drop(EventFaults.Action("die"));
        else engine.EventFaults.Duplicate(EventFaults.Action("die"));

        var wait = WaitAsync(engine, "migrate", DependencyCondition.ServiceCompletedSuccessfully);
        await AssertStillWaitingAsync(wait);
        engine.Exit("demo-migrate-1", 0);
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Completed_successfully_fails_on_a_non_zero_exit()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-migrate-1", Labelled("migrate"));
        var wait = WaitAsync(engine, "migrate", DependencyCondition.ServiceCompletedSuccessfully);
        engine.Exit("demo-migrate-1", 3);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("service migrate didn't complete successfully: exit 3", error.Message);
    }

    [Fact]
    public async Task Started_waits_for_a_created_container_to_start_and_takes_an_exited_one()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-web-1", Labelled("web"), status: "created");
        engine.AddContainer("demo-web-2", Labelled("web", 2), status: "exited", exitCode: 1);

        var wait = WaitAsync(engine, "web", DependencyCondition.ServiceStarted);
        await AssertStillWaitingAsync(wait);
        await engine.StartContainerAsync("demo-web-1", CancellationToken.None);
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_service_without_containers_is_an_error_not_a_wait()
    {
        using var engine = new FakeEngine();
        var oneOff = Labelled("web");
        oneOff[ComposeLabels.OneOff] = ComposeLabels.True;
        engine.AddContainer("demo-web-run-0123456789ab", oneOff);
        var otherProject = Labelled("web");
        otherProject[ComposeLabels.Project] = "other";
        engine.AddContainer("other-web-1", otherProject);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WaitAsync(engine, "web", DependencyCondition.ServiceStarted));
        Assert.Equal("service web has no container to wait for", error.Message);
    }

    [Fact]
    public async Task A_wait_that_outlasts_its_timeout_says_which_service_and_condition()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db"), healthcheck: Probe);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => WaitAsync(engine, "db", DependencyCondition.ServiceHealthy, TimeSpan.FromSeconds(1)));
        Assert.Equal("service db did not become healthy within 1 s", error.Message);
    }

    [Fact]
    public async Task A_slow_engine_counts_against_the_timeout()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db"), healthcheck: Probe);
        engine.Faults.Slow("InspectContainer", Timeout.InfiniteTimeSpan);
        var wait = WaitAsync(engine, "db", DependencyCondition.ServiceHealthy, TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAsync<TimeoutException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_as_cancelled_not_timed_out()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db"), healthcheck: Probe);
        using var interrupt = new CancellationTokenSource();
        var wait = WaitAsync(engine, "db", DependencyCondition.ServiceHealthy, Timeout.InfiniteTimeSpan, interrupt.Token);
        await AssertStillWaitingAsync(wait);
        await interrupt.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Today one failed engine call ends the wait (it is not retried); the error is the engine's.</summary>
    [Theory]
    [InlineData("ListContainers")]
    [InlineData("InspectContainer")]
    public async Task An_engine_error_while_waiting_fails_the_wait_with_it(string method)
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db"), healthcheck: Probe);
        var wait = WaitAsync(engine, "db", DependencyCondition.ServiceHealthy);
        await engine.WaitForCallAsync("InspectContainer"); // a first look went well
        engine.Faults.Fail(method);

        var error = await Assert.ThrowsAsync<EngineApiException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains($"injected failure of {method}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_removed_while_waited_for_fails_the_wait()
    {
        using var engine = new FakeEngine();
        engine.AddContainer("demo-db-1", Labelled("db"), healthcheck: Probe);
        var wait = WaitAsync(engine, "db", DependencyCondition.ServiceHealthy);
        await engine.WaitForCallAsync("InspectContainer");
        // Between the list and the inspect of the next round, the container goes.
        engine.Faults.Fail("InspectContainer", error: FaultPlan.Errors.NotFound);

        await Assert.ThrowsAsync<EngineNotFoundException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
