using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Testing;
using static Composer.Reconciler.Tests.Planning.Scenario;

namespace Composer.Reconciler.Tests.Planning;

public sealed class DownPlannerTests
{
    private static readonly DesiredState Stack = Desired(
        Service("db"), Service("web", dependsOn: On("db")), Service("proxy", dependsOn: On("web")));

    private static readonly ObservedState Up = Observed(
        [Running("db"), Running("web"), Exited("proxy"), Running("gone")], ["demo_default"], ["demo_data"]);

    [Fact]
    public void Down_stops_dependents_first_and_keeps_volumes() =>
        Snapshot.Verify(DownPlanner.Plan(Stack with { Volumes = ["demo_data"] }, Up, new DownOptions()).ToString(), "down-default");

    [Fact]
    public void Down_with_v_removes_volumes_and_with_rmi_images() =>
        Snapshot.Verify(DownPlanner.Plan(Stack with { Volumes = ["demo_data"] }, Up,
            new DownOptions { RemoveVolumes = true, RemoveOrphans = true, RemoveImages = RemoveImages.All }).ToString(), "down-everything");

    [Fact]
    public void Down_never_removes_a_volume_without_v()
    {
        var plan = DownPlanner.Plan(null, Up, new DownOptions { RemoveOrphans = true });
        Assert.DoesNotContain(plan.Operations, o => o.Kind == OperationKind.RemoveVolume);
        Assert.Equal(4, plan.Operations.Count(o => o.Kind == OperationKind.RemoveContainer));
    }
}

public sealed class ImagePlannerTests
{
    [Fact]
    public void Builds_missing_or_forced_images_and_pulls_missing_ones()
    {
        var desired = Desired(Service("app", source: ImageSource.Build, image: "demo-app"), Service("cache"),
            Service("db", image: "postgres:15"), Service("db2", image: "postgres:15"));
        var observed = Observed([], [], images: new Dictionary<string, string> { ["demo-app"] = "sha256:a", ["cache:latest"] = "sha256:c" });
        Snapshot.Verify(
            ImagePlanner.Plan(desired, observed, BuildPolicy.IfMissing) + "---\n" +
            ImagePlanner.Plan(desired, observed, BuildPolicy.Always),
            "images");
    }
}
