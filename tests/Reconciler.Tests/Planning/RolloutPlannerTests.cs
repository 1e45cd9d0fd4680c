using Composer.Model;
using Composer.Reconciler.Planning;
using Composer.Reconciler.Rollout;
using Composer.Reconciler.State;
using Composer.Testing;
using static Composer.Reconciler.Tests.Planning.Scenario;

namespace Composer.Reconciler.Tests.Planning;

public sealed class RolloutPlannerTests
{
    private static readonly RolloutSettings Settings = new(Parallelism: 2, Drain: TimeSpan.FromSeconds(2),
        FailureAction.Rollback, Monitor: TimeSpan.FromSeconds(30), MaxFailureRatio: 0, StopGrace: TimeSpan.FromSeconds(10));

    private static DesiredService StartFirst(DesiredService service, string? blocker = null) =>
        service with { StartFirst = new StartFirstUpdate(Settings, blocker) };

    private static DesiredState Stack(DesiredService web) => Desired(
        Service("db"), web, Service("proxy", dependsOn: On("web", DependencyCondition.ServiceHealthy)));

    [Fact]
    public void Changed_start_first_service_rolls_out_in_batches_and_the_plan_lists_each_step() =>
        Snapshot.Verify(UpPlanner.Plan(
            Stack(StartFirst(Service("web", hash: "new", replicas: 3))),
            Observed(Running("db"), Running("web", 1, "old"), Running("web", 2, "old"), Running("web", 3, "old"), Running("proxy")),
            new UpOptions()).ToString(), "rollout-batches");

    [Fact]
    public void A_blocked_start_first_falls_back_to_stop_first_and_says_why() =>
        Snapshot.Verify(UpPlanner.Plan(
            Stack(StartFirst(Service("web", hash: "new"), blocker: "host port 8080 can be bound by one container only")),
            Observed(Running("db"), Running("web", 1, "old"), Running("proxy")),
            new UpOptions()).ToString(), "rollout-blocked");

    [Fact]
    public void Only_running_containers_roll_out_an_exited_one_is_recreated()
    {
        var plan = UpPlanner.Plan(Desired(StartFirst(Service("web", hash: "new", replicas: 2))),
            Observed(Running("web", 1, "old"), Exited("web", 2, "old")), new UpOptions());
        var rollout = Assert.Single(plan.Operations, o => o.Kind == OperationKind.RollOut);
        Assert.Equal(["demo-web-1"], rollout.Rollout!.Replicas.Select(r => r.OldName));
        Assert.Contains(plan.Operations, o => o is { Kind: OperationKind.RemoveContainer, Subject: "demo-web-2" });
    }

    [Fact]
    public void A_held_back_version_is_not_rolled_out_again_but_a_newer_one_is()
    {
        var desired = Desired(StartFirst(Service("web", hash: "new")));
        var observed = Observed([Running("web", 1, "old")], ["demo_default"], images: new Dictionary<string, string> { ["web:latest"] = "sha256:i" });
        var first = UpPlanner.Plan(desired, observed, new UpOptions());
        var key = Assert.Single(first.Operations).Rollout!.Key;

        var held = new UpOptions { HeldBack = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("web", key) };
        Assert.True(UpPlanner.Plan(desired, observed, held).IsEmpty);
        var newer = Desired(StartFirst(Service("web", hash: "newer")));
        Assert.Equal(OperationKind.RollOut, Assert.Single(UpPlanner.Plan(newer, observed, held).Operations).Kind);
    }

    [Fact]
    public void A_held_back_version_is_still_recreated_when_a_hard_dependency_is()
    {
        var desired = Desired(Service("db", hash: "db-new"), StartFirst(Service("web", hash: "new", dependsOn: On("db", hard: true))));
        var observed = Observed(Running("db", hash: "db-old"), Running("web", 1, "old"));
        var key = Assert.Single(UpPlanner.Plan(desired, observed, new UpOptions()).Operations, o => o.Kind == OperationKind.RollOut).Rollout!.Key;
        var held = new UpOptions { HeldBack = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("web", key) };
        var rollout = Assert.Single(UpPlanner.Plan(desired, observed, held).Operations, o => o.Kind == OperationKind.RollOut);
        Assert.Equal("db recreated", rollout.Cause);
    }

    [Fact]
    public void Two_containers_with_one_number_keep_the_running_new_one()
    {
        var stoppedOld = Exited("web", 1, "old");
        var runningNew = Running("web", 1, "new") with { Id = "id-next", Name = "id-web-1_demo-web-1" };
        var plan = UpPlanner.Plan(Desired(StartFirst(Service("web", hash: "new"))), Observed(stoppedOld, runningNew), new UpOptions());
        Assert.Equal("""
            #1 remove container demo-web-1 (second container numbered 1 (an interrupted rollout))
            #2 rename container id-web-1_demo-web-1 to demo-web-1 (temporary name of an interrupted rollout) after #1

            """, plan.ToString());
        Assert.Equal(["id-web-1", "id-next"], plan.Operations.Select(o => o.ContainerId));
        Assert.True(UpPlanner.Plan(Desired(StartFirst(Service("web", hash: "new"))),
            Observed(runningNew with { Name = "demo-web-1" }), new UpOptions()).IsEmpty);
    }
}
