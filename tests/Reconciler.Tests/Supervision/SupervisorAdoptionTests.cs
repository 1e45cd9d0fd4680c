using Composer.Engine;
using Composer.Testing;

namespace Composer.Reconciler.Tests.Supervision;

/// <summary>
/// Supervisor.AdoptAsync, Observe and Status against a fake engine: which containers it takes
/// over, the engine restart policy it switches off, what it restarts at adoption, and how
/// repeated, replayed or lost events and engine errors affect it.
/// </summary>
public sealed class SupervisorAdoptionTests
{
    [Fact]
    public async Task Adopts_the_service_containers_in_any_state_and_nothing_else()
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("web");
        rig.Add("worker", status: "created");
        rig.Add("setup", status: "exited");
        var oneOff = rig.Add("web", oneOff: true);
        var orphan = rig.Add("old");
        var neighbour = rig.Add("web", project: "other");

        await rig.AdoptAsync();

        Assert.Equal(["demo-setup-1", "demo-web-1", "demo-worker-1"], rig.Supervisor.Status("demo").Select(s => s.Name));
        Assert.Equal(["no", "always", "on-failure"], rig.Supervisor.Status("demo").Select(s => s.Policy));
        Assert.False(rig.Supervisor.IsSupervised(oneOff.Id));
        Assert.False(rig.Supervisor.IsSupervised(orphan.Id));
        Assert.False(rig.Supervisor.IsSupervised(neighbour.Id));
        Assert.Equal("exited", rig.Status("demo-setup-1").State);
        Assert.Equal(0, rig.Status("demo-setup-1").LastExit);
        Assert.Equal("running", rig.Status("demo-web-1").State);
        await rig.AssertStartsAsync("demo-worker-1", 0); // never started: that is the reconcile pass's to do
        await rig.AssertStartsAsync("demo-setup-1", 0); // restart: "no"
    }

    [Fact]
    public async Task Switches_the_engine_restart_policy_off_where_the_engine_had_one()
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("web");
        rig.Add("worker", status: "created");
        rig.Add("setup", status: "exited");

        await rig.AdoptAsync();

        Assert.Equal(["UpdateRestartPolicy demo-web-1 no", "UpdateRestartPolicy demo-worker-1 no"],
            rig.Engine.Calls.Where(c => c.Method == "UpdateRestartPolicy").Select(c => c.ToString()).Order(StringComparer.Ordinal));
        Assert.All(rig.Engine.Containers, c => Assert.Equal("no", c.RestartPolicy.Name));
    }

    [Fact]
    public async Task Adopting_again_leaves_adopted_containers_alone()
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("web");
        await rig.AdoptAsync();
        var before = rig.Engine.Calls.Count;

        await rig.AdoptAsync();

        Assert.Equal(["ListContainers"], rig.Engine.Calls.Skip(before).Select(c => c.Method));
        Assert.Single(rig.Supervisor.Status("demo"));
    }

    /// <summary>A container found exited is restarted at once when its policy says so (as the engine does when it starts).</summary>
    [Theory]
    [InlineData("worker", 1, true)]
    [InlineData("worker", 0, false)]
    [InlineData("web", 0, true)]
    [InlineData("setup", 1, false)]
    public async Task An_exited_container_is_restarted_at_adoption_by_its_policy(string service, int exitCode, bool restarted)
    {
        await using var rig = await SupervisorRig.StartAsync();
        var container = rig.Add(service, status: "exited", exitCode: exitCode);

        await rig.AdoptAsync();

        await rig.AssertStartsAsync(container.Name, restarted ? 1 : 0);
        Assert.Equal(restarted ? "running" : "exited", rig.Engine.Container(container.Name).Status);
        if (restarted)
        {
            await SupervisorRig.Eventually(() => rig.Status(container.Name).State == "running", "the start event is heard");
            Assert.Equal(1, rig.Status(container.Name).Restarts);
        }
    }

    [Fact]
    public async Task A_duplicated_die_event_causes_one_restart()
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("worker");
        rig.Engine.EventFaults.Duplicate(EventFaults.Action("die"));
        await rig.AdoptAsync();

        rig.Engine.Exit("demo-worker-1", 1);
        await rig.AdvancePastBackoffAsync("demo-worker-1", TimeSpan.FromSeconds(1));
        await rig.Engine.WaitForCallAsync("StartContainer", "demo-worker-1");

        await rig.AssertStartsAsync("demo-worker-1", 1);
        Assert.Equal("running", rig.Engine.Container("demo-worker-1").Status);
        Assert.Equal(1, rig.Status("demo-worker-1").Restarts);
    }

    [Fact]
    public async Task A_die_event_replayed_after_the_adoption_restart_causes_no_second_restart()
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("worker");
        rig.Engine.Exit("demo-worker-1", 1); // while no agent was watching
        var died = rig.Engine.History.Last(e => e.Action == "die");
        rig.Time.Advance(TimeSpan.FromSeconds(5));

        await rig.AdoptAsync();
        await rig.Engine.WaitForCallAsync("StartContainer", "demo-worker-1");
        rig.Engine.Inject(died); // the event stream reconnects with `since` and replays it

        await rig.AssertStartsAsync("demo-worker-1", 1);
        Assert.Equal("running", rig.Engine.Container("demo-worker-1").Status);
    }

    [Fact]
    public async Task Each_real_crash_is_restarted_with_growing_backoff()
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("worker");
        await rig.AdoptAsync();

        rig.Engine.Exit("demo-worker-1", 1);
        await rig.AdvancePastBackoffAsync("demo-worker-1", TimeSpan.FromSeconds(1));
        await rig.Engine.WaitForCallAsync("StartContainer", "demo-worker-1");
        await SupervisorRig.Eventually(() => rig.Status("demo-worker-1").State == "running", "the start event is heard");

        rig.Time.Advance(TimeSpan.FromMilliseconds(100));
        rig.Engine.Exit("demo-worker-1", 1);
        await rig.AdvancePastBackoffAsync("demo-worker-1", TimeSpan.FromSeconds(2), by: TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(200);
        Assert.Single(rig.Engine.CallsOf("StartContainer")); // the second delay is 2 s, not 1 s
        rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        await rig.Engine.WaitForCallAsync("StartContainer", "demo-worker-1", count: 2);
    }

    [Theory]
    [InlineData(EventFate.Deliver)]
    [InlineData(EventFate.Drop)]
    public async Task A_removed_container_is_dropped_by_its_destroy_event_or_else_by_the_next_adoption(EventFate fate)
    {
        await using var rig = await SupervisorRig.StartAsync();
        var container = rig.Add("web");
        await rig.AdoptAsync();
        if (fate == EventFate.Drop) rig.Engine.EventFaults.Drop(EventFaults.Action("destroy"));

        await rig.Engine.RemoveContainerAsync(container.Id, force: true, volumes: false, CancellationToken.None);
        if (fate == EventFate.Drop)
        {
            await Task.Delay(200);
            Assert.True(rig.Supervisor.IsSupervised(container.Id)); // nobody told it
            await rig.AdoptAsync();
        }

        await SupervisorRig.Eventually(() => !rig.Supervisor.IsSupervised(container.Id), "the supervision ends");
        Assert.Empty(rig.Supervisor.Status("demo"));
        await rig.AssertStartsAsync(container.Name, 0);
    }

    [Fact]
    public async Task A_container_gone_before_its_inspect_is_skipped()
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("web");
        rig.Add("setup", status: "exited");
        rig.Engine.Faults.Fail("InspectContainer", "demo-web-1", FaultPlan.Errors.NotFound);

        await rig.AdoptAsync();

        Assert.Equal(["demo-setup-1"], rig.Supervisor.Status("demo").Select(s => s.Name));
    }

    /// <summary>
    /// An engine error while adopting fails the adoption (the agent logs it and adopts again after
    /// its next pass); that next adoption must take the container over, its engine policy included.
    /// </summary>
    [Theory]
    [InlineData("InspectContainer")]
    [InlineData("UpdateRestartPolicy")]
    public async Task An_engine_error_fails_the_adoption_and_the_next_adoption_takes_over(string method)
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("web");
        rig.Engine.Faults.Fail(method, "demo-web-1");

        var error = await Assert.ThrowsAsync<EngineApiException>(rig.AdoptAsync);
        Assert.Contains($"injected failure of {method}", error.Message, StringComparison.Ordinal);

        await rig.AdoptAsync();
        Assert.Equal("no", rig.Engine.Container("demo-web-1").RestartPolicy.Name);
    }

    [Theory]
    [InlineData("InspectContainer")]
    [InlineData("UpdateRestartPolicy")]
    public async Task An_engine_error_while_adopting_reaches_the_caller(string method)
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("web");
        rig.Engine.Faults.Fail(method, "demo-web-1", FaultPlan.Errors.Unavailable);

        await Assert.ThrowsAsync<EngineUnavailableException>(rig.AdoptAsync);
        Assert.Empty(rig.Engine.CallsOf("StartContainer"));
    }

    [Fact]
    public async Task A_failed_restart_is_tried_again_after_the_backoff()
    {
        await using var rig = await SupervisorRig.StartAsync();
        rig.Add("worker");
        await rig.AdoptAsync();
        rig.Engine.Faults.Fail("StartContainer", "demo-worker-1");

        rig.Engine.Exit("demo-worker-1", 1);
        await rig.AdvancePastBackoffAsync("demo-worker-1", TimeSpan.FromSeconds(1));
        await rig.Engine.WaitForCallAsync("StartContainer", "demo-worker-1");
        Assert.Equal("exited", rig.Engine.Container("demo-worker-1").Status);

        await rig.AdvancePastBackoffAsync("demo-worker-1", TimeSpan.FromSeconds(2));
        await rig.Engine.WaitForCallAsync("StartContainer", "demo-worker-1", count: 2);
        Assert.Equal("running", rig.Engine.Container("demo-worker-1").Status);
        Assert.Contains(rig.Log, line => line.Contains("restart failed (injected failure of StartContainer demo-worker-1)", StringComparison.Ordinal));
    }
}

/// <summary>The state file does not keep memories of containers the engine destroyed while nobody listened.</summary>
public sealed class SupervisorForgettingTests
{
    [Fact]
    public async Task Memories_of_containers_the_engine_no_longer_has_are_forgotten()
    {
        await using var rig = await SupervisorRig.StartAsync();
        var kept = rig.Add("web");
        rig.Memory.Remember(kept.Id, new(2, null));
        rig.Memory.Remember("destroyed-while-the-agent-was-down", new(1, null));

        await rig.Supervisor.ForgetDestroyedAsync(CancellationToken.None);

        Assert.Equal(2, rig.Memory.Recall(kept.Id).Restarts);
        Assert.Equal(Composer.Reconciler.Supervision.ContainerMemory.Fresh, rig.Memory.Recall("destroyed-while-the-agent-was-down"));
        Assert.Contains(rig.Log, line => line.Contains("forgot 1 containers", StringComparison.Ordinal));
    }
}
