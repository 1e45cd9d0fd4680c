using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Reconciler.Tests.Supervision;
using Composer.Testing;

namespace Composer.Reconciler.Tests.Execution;

/// <summary>
/// `up` (observe, plan, execute through the engine operation runner) against a fake engine
/// that fails one step: the failure names the step, and a second `up` converges from whatever
/// the first left behind: one container per replica, everything started, nothing made twice.
/// </summary>
public sealed class UpFaultTests
{
    // Two networks for web, so its creation includes a connect; a named volume; a dependency to await.
    private static readonly Project Project = Compose.Load("""
        services:
          db:
            image: postgres:16
            volumes: [data:/var/lib/postgresql/data]
            networks: [back]
          web:
            image: nginx:1
            depends_on: [db]
            networks: [front, back]
        networks:
          front: {}
          back: {}
        volumes:
          data: {}
        """);

    /// <summary>`up` as the CLI runs it: images first, then the containers. Bounded, so a hang fails the test.</summary>
    private static Task UpAsync(FakeEngine engine, CancellationToken cancellationToken = default, Project? project = null) =>
        UpUnboundedAsync(engine, project ?? Project, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30));

    private static async Task UpUnboundedAsync(FakeEngine engine, Project project, CancellationToken cancellationToken)
    {
        var desired = DesiredStateBuilder.Build(project, []);
        var reconciler = new ProjectReconciler(engine, project, SilentObserver.Instance);
        await reconciler.EnsureImagesAsync(desired, BuildPolicy.IfMissing, cancellationToken);
        await reconciler.UpAsync(desired, new UpOptions(), cancellationToken);
    }

    /// <summary>What a converged project looks like on the engine.</summary>
    private static void AssertConverged(FakeEngine engine)
    {
        Assert.Equal(["demo-db-1", "demo-web-1"], engine.Containers.Select(c => c.Name));
        Assert.All(engine.Containers, c => Assert.Equal("running", c.Status));
        Assert.Equal(["demo_back", "demo_front"], engine.NetworkNames);
        Assert.Equal(["demo_data"], engine.VolumeNames);
        Assert.Equal(["demo_back"], engine.Container("demo-db-1").Networks.Keys);
    }

    [Fact]
    public async Task Up_on_a_healthy_engine_converges_and_a_second_up_changes_nothing()
    {
        using var engine = new FakeEngine();
        await UpAsync(engine);
        AssertConverged(engine);
        Assert.Equal(["demo_back", "demo_front"], engine.Container("demo-web-1").Networks.Keys.Order(StringComparer.Ordinal));

        var before = engine.Calls.Count;
        await UpAsync(engine);
        var mutations = engine.Calls.Skip(before).Where(c => !c.Method.StartsWith("List", StringComparison.Ordinal) && !c.Method.StartsWith("Inspect", StringComparison.Ordinal));
        Assert.Empty(mutations);
    }

    /// <summary>Call number <paramref name="nth"/> of <paramref name="method"/> fails; <paramref name="failed"/> is the operation named (null: the observation fails, before any plan).</summary>
    [Theory]
    [InlineData("PullImage", 1, OperationKind.PullImage)]
    [InlineData("PullImage", 2, OperationKind.PullImage)]
    [InlineData("CreateNetwork", 1, OperationKind.CreateNetwork)]
    [InlineData("CreateNetwork", 2, OperationKind.CreateNetwork)]
    [InlineData("CreateVolume", 1, OperationKind.CreateVolume)]
    [InlineData("CreateContainer", 1, OperationKind.CreateContainer)]
    [InlineData("CreateContainer", 2, OperationKind.CreateContainer)]
    [InlineData("ConnectNetwork", 1, OperationKind.CreateContainer)]
    [InlineData("StartContainer", 1, OperationKind.StartContainer)]
    [InlineData("StartContainer", 2, OperationKind.StartContainer)]
    [InlineData("InspectContainer", 1, OperationKind.AwaitService)]
    [InlineData("ListContainers", 1, null)]
    [InlineData("ListContainers", 2, null)]
    [InlineData("ListContainers", 3, OperationKind.AwaitService)]
    [InlineData("ListNetworks", 2, null)]
    [InlineData("InspectImage", 1, null)]
    public async Task An_engine_error_at_any_step_names_it_and_a_rerun_converges(string method, int nth, OperationKind? failed)
    {
        using var engine = new FakeEngine();
        engine.Faults.FailNth(method, nth);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => UpAsync(engine));

        if (failed is { } kind)
        {
            var execution = Assert.IsType<PlanExecutionException>(error);
            Assert.Equal(kind, execution.FailedOperation.Kind);
            var cause = Assert.IsType<EngineApiException>(execution.InnerException);
            Assert.Contains($"injected failure of {method}", cause.Message, StringComparison.Ordinal);
            Assert.StartsWith($"{execution.FailedOperation.Verb} {execution.FailedOperation.Subject}: injected failure", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"injected failure of {method}", Assert.IsType<EngineApiException>(error).Message, StringComparison.Ordinal);
        }
        Assert.NotEqual(2, engine.Containers.Count(c => c.Status == "running")); // it did fail before the end

        await UpAsync(engine);
        AssertConverged(engine);
    }

    /// <summary>web's configuration changes: its container is stopped, removed, created and started anew. Each of these steps fails once.</summary>
    [Theory]
    [InlineData("StopContainer", FaultTiming.Before)]
    [InlineData("RemoveContainer", FaultTiming.Before)]
    [InlineData("RemoveContainer", FaultTiming.After)]
    [InlineData("CreateContainer", FaultTiming.Before)]
    [InlineData("StartContainer", FaultTiming.Before)]
    public async Task A_recreate_that_fails_at_any_step_is_finished_by_the_rerun(string method, FaultTiming timing)
    {
        var changed = Compose.Load("""
            services:
              db:
                image: postgres:16
                volumes: [data:/var/lib/postgresql/data]
                networks: [back]
              web:
                image: nginx:1
                environment: {MODE: changed}
                depends_on: [db]
                networks: [front, back]
            networks:
              front: {}
              back: {}
            volumes:
              data: {}
            """);
        using var engine = new FakeEngine();
        await UpAsync(engine);
        var db = engine.Container("demo-db-1").Id;
        engine.Faults.Fail(method, "demo-web-1", timing: timing);

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => UpAsync(engine, project: changed));
        Assert.Equal("demo-web-1", error.FailedOperation.Subject);
        await UpAsync(engine, project: changed);

        AssertConverged(engine);
        var wanted = DesiredStateBuilder.Build(changed, []).Find("web")!.ConfigHash;
        Assert.Equal(wanted, engine.Container("demo-web-1").Labels[ComposeLabels.ConfigHash]);
        Assert.Equal(db, engine.Container("demo-db-1").Id); // untouched
    }

    [Fact]
    public async Task A_failed_network_create_creates_no_container()
    {
        using var engine = new FakeEngine();
        engine.Faults.Fail("CreateNetwork", "demo_back");

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => UpAsync(engine));

        Assert.Equal("demo_back", error.FailedOperation.Subject);
        Assert.Empty(engine.Containers);
        Assert.Contains(error.Skipped, o => o.Kind == OperationKind.CreateContainer && o.Subject == "demo-db-1");
    }

    [Fact]
    public async Task A_failed_start_of_the_dependency_starts_no_dependent()
    {
        using var engine = new FakeEngine();
        engine.Faults.Fail("StartContainer", "demo-db-1");

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => UpAsync(engine));

        Assert.Equal("demo-db-1", error.FailedOperation.Subject);
        Assert.DoesNotContain("StartContainer demo-web-1", engine.CallsOf("StartContainer"));
        Assert.Contains(error.Skipped, o => o.Kind == OperationKind.StartContainer && o.Subject == "demo-web-1");
    }

    [Fact]
    public async Task An_engine_that_goes_away_mid_up_is_named_and_a_rerun_converges()
    {
        using var engine = new FakeEngine();
        engine.Faults.Fail("StartContainer", "demo-web-1", FaultPlan.Errors.Unavailable);

        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => UpAsync(engine));

        Assert.IsType<EngineUnavailableException>(error.InnerException);
        Assert.Contains("Is the docker daemon running?", error.Message, StringComparison.Ordinal);
        await UpAsync(engine);
        AssertConverged(engine);
    }

    /// <summary>The engine acted but its answer was lost: the rerun finds what was made instead of making it twice (which the engine would refuse).</summary>
    [Theory]
    [InlineData("CreateNetwork")]
    [InlineData("CreateVolume")]
    [InlineData("CreateContainer")]
    [InlineData("StartContainer")]
    public async Task A_lost_answer_is_not_made_twice_by_the_rerun(string method)
    {
        using var engine = new FakeEngine();
        engine.Faults.FailNth(method, 1, timing: FaultTiming.After);

        await Assert.ThrowsAsync<PlanExecutionException>(() => UpAsync(engine));
        await UpAsync(engine);

        AssertConverged(engine);
        var calls = engine.CallsOf(method);
        Assert.Equal(calls.Distinct().Count(), calls.Count);
    }

    /// <summary>
    /// A container created on its first network whose connect to the others failed: the rerun must
    /// not start it with half its networks.
    /// </summary>
    [Fact]
    public async Task A_failed_connect_leaves_no_container_that_the_rerun_starts_half_connected()
    {
        using var engine = new FakeEngine();
        engine.Faults.Fail("ConnectNetwork", "demo_front");

        await Assert.ThrowsAsync<PlanExecutionException>(() => UpAsync(engine));
        await UpAsync(engine);

        AssertConverged(engine);
        Assert.Equal(["demo_back", "demo_front"], engine.Container("demo-web-1").Networks.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_slow_engine_call_ends_with_the_token_and_a_rerun_converges()
    {
        using var engine = new FakeEngine();
        engine.Faults.Slow(c => c.Method == "StartContainer" && c.Subject == "demo-web-1", Timeout.InfiniteTimeSpan, times: 1);
        using var interrupt = new CancellationTokenSource();

        var up = UpAsync(engine, interrupt.Token);
        await engine.WaitForCallAsync("StartContainer", "demo-web-1");
        Assert.False(up.IsCompleted);
        await interrupt.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => up);
        Assert.Equal("created", engine.Container("demo-web-1").Status);
        await UpAsync(engine);
        AssertConverged(engine);
    }
}
