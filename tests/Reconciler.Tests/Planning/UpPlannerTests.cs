using Composer.Model;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Testing;
using static Composer.Reconciler.Tests.Planning.Scenario;

namespace Composer.Reconciler.Tests.Planning;

public sealed class UpPlannerTests
{
    private static readonly DesiredState WebOnDb = Desired(
        Service("db"),
        Service("web", dependsOn: On("db", DependencyCondition.ServiceHealthy)));

    private static string PlanText(DesiredState desired, ObservedState observed, UpOptions? options = null) =>
        UpPlanner.Plan(desired, observed, options ?? new UpOptions()).ToString();

    [Fact]
    public void Fresh_project_creates_network_then_containers_in_dependency_order() =>
        Snapshot.Verify(PlanText(WebOnDb, ObservedState.Empty), "up-fresh");

    [Fact]
    public void Converged_project_plans_nothing()
    {
        var plan = UpPlanner.Plan(WebOnDb, Observed(Running("db"), Running("web")), new UpOptions());
        Assert.True(plan.IsEmpty, plan.ToString());
    }

    [Fact]
    public void Changed_hash_recreates_only_that_service() =>
        Snapshot.Verify(PlanText(WebOnDb, Observed(Running("db"), Running("web", hash: "old"))), "up-web-changed");

    [Fact]
    public void The_agent_leaves_exited_containers_to_the_supervisor_but_starts_never_started_ones()
    {
        var created = Running("web") with { Status = ContainerStatus.Created };
        var plan = UpPlanner.Plan(WebOnDb, Observed(Exited("db"), created), new UpOptions { LeaveExited = true });
        Assert.Equal(["StartContainer demo-web-1"], plan.Operations.Select(o => $"{o.Kind} {o.Subject}"));
    }

    [Fact]
    public void Stopped_containers_are_started_again_without_recreating() =>
        Snapshot.Verify(PlanText(WebOnDb, Observed(Exited("db"), Running("web"))), "up-db-exited");

    [Fact]
    public void Scale_down_removes_highest_numbers_first() =>
        Snapshot.Verify(PlanText(Desired(Service("worker", replicas: 1)),
            Observed(Running("worker", 1), Running("worker", 2), Running("worker", 3))), "up-scale-down");

    [Fact]
    public void Scale_up_fills_free_numbers() =>
        Snapshot.Verify(PlanText(Desired(Service("worker", replicas: 3)), Observed(Running("worker", 2))), "up-scale-up");

    [Fact]
    public void Hard_dependency_recreation_carries_dependents_along()
    {
        var desired = Desired(Service("server", hash: "new"), Service("client", dependsOn: On("server", hard: true)));
        Snapshot.Verify(PlanText(desired, Observed(Running("server"), Running("client"))), "up-link-follows");
    }

    [Fact]
    public void Soft_dependency_recreation_leaves_dependents_running()
    {
        var desired = Desired(Service("db", hash: "new"), Service("web", dependsOn: On("db")));
        var plan = UpPlanner.Plan(desired, Observed(Running("db"), Running("web")), new UpOptions());
        Assert.DoesNotContain(plan.Operations, o => o.Service == "web");
    }

    [Fact]
    public void Orphans_warn_without_flag_and_go_with_it()
    {
        var observed = Observed(Running("db"), Running("web"), Running("old"));
        Snapshot.Verify(PlanText(WebOnDb, observed) + "---\n" + PlanText(WebOnDb, observed, new UpOptions { RemoveOrphans = true }),
            "up-orphans");
    }

    [Fact]
    public void Force_recreate_and_no_recreate_override_the_hash()
    {
        var observed = Observed(Running("db"), Running("web", hash: "old"));
        var forced = UpPlanner.Plan(WebOnDb, observed, new UpOptions { ForceRecreate = true });
        var kept = UpPlanner.Plan(WebOnDb, observed, new UpOptions { NoRecreate = true });
        Assert.Equal(2, forced.Operations.Count(o => o.Kind == OperationKind.CreateContainer));
        Assert.True(kept.IsEmpty, kept.ToString());
    }

    [Fact]
    public void Rebuilt_image_recreates_its_containers()
    {
        var observed = Observed([Running("web", imageId: "sha256:old")], ["demo_default"],
            images: new Dictionary<string, string> { ["web:latest"] = "sha256:new" });
        var plan = UpPlanner.Plan(Desired(Service("web")), observed, new UpOptions());
        Assert.Contains(plan.Operations, o => o.Kind == OperationKind.CreateContainer && o.Cause == "image changed");
    }

    [Fact]
    public void Container_name_is_used_verbatim() =>
        Snapshot.Verify(PlanText(Desired(Service("db", containerName: "pgdb")), ObservedState.Empty), "up-container-name");

    [Fact]
    public void Every_edge_points_backwards_so_the_plan_is_a_dag()
    {
        var desired = Desired(Service("a", replicas: 2), Service("b", dependsOn: On("a", hard: true)),
            Service("c", dependsOn: [On("a", DependencyCondition.ServiceHealthy), On("b", DependencyCondition.ServiceCompletedSuccessfully)]));
        var plan = UpPlanner.Plan(desired, Observed(Running("a", hash: "x"), Exited("b"), Running("c", 3)), new UpOptions());
        Assert.All(plan.Operations, o => Assert.All(o.After, a => Assert.True(a < o.Id, o.ToString())));
        Snapshot.Verify(plan.ToString(), "up-mixed");
    }
}
