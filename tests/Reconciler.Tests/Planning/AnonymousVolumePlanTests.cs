using Composer.Engine;
using Composer.Reconciler.Containers;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using static Composer.Reconciler.Tests.Planning.Scenario;

namespace Composer.Reconciler.Tests.Planning;

/// <summary>Anonymous volumes are data: handed from a container to the one that replaces it, removed only on request.</summary>
public sealed class AnonymousVolumePlanTests
{
    private static readonly string Hex = new('a', 64);
    private static readonly ObservedContainer OldDb = Running("db", hash: "old") with { AnonymousVolumes = [new("/data", Hex)] };

    [Fact]
    public void A_recreate_hands_the_anonymous_volumes_to_the_new_container()
    {
        var plan = UpPlanner.Plan(Desired(Service("db", hash: "new")), Observed(OldDb), new UpOptions());
        var create = Assert.Single(plan.Operations, o => o.Kind == OperationKind.CreateContainer);
        Assert.Equal([new AnonymousVolume("/data", Hex)], create.InheritedVolumes.ToArray());
        Assert.DoesNotContain(plan.Operations, o => o.Kind == OperationKind.RemoveVolume);
    }

    [Fact]
    public void Renew_gives_the_new_container_fresh_volumes_and_removes_the_old_after_the_old_container()
    {
        var plan = UpPlanner.Plan(Desired(Service("db", hash: "new")), Observed(OldDb), new UpOptions { RenewAnonVolumes = true });
        Assert.Empty(Assert.Single(plan.Operations, o => o.Kind == OperationKind.CreateContainer).InheritedVolumes);
        var remove = Assert.Single(plan.Operations, o => o.Kind == OperationKind.RemoveVolume);
        Assert.Equal(Hex, remove.Subject);
        Assert.Contains(Assert.Single(plan.Operations, o => o.Kind == OperationKind.RemoveContainer).Id, remove.After);
    }

    [Fact]
    public void Down_v_removes_anonymous_volumes_and_down_alone_keeps_them()
    {
        var desired = Desired(Service("db"));
        Assert.DoesNotContain(DownPlanner.Plan(desired, Observed(OldDb), new DownOptions()).Operations, o => o.Kind == OperationKind.RemoveVolume);
        var plan = DownPlanner.Plan(desired, Observed(OldDb), new DownOptions { RemoveVolumes = true });
        Assert.Equal(Hex, Assert.Single(plan.Operations, o => o.Kind == OperationKind.RemoveVolume).Subject);
    }

    [Fact]
    public void The_carry_fills_the_declared_anonymous_mount_adds_an_image_volume_and_yields_to_a_bind()
    {
        var request = new ContainerCreateRequest
        {
            HostConfig = new HostConfig { Binds = ["/host/logs:/logs:rw"], Mounts = [new Mount { Type = "volume", Target = "/data" }] },
        };
        AnonymousVolumeCarry.Apply(request, [new("/data", "v-data"), new("/image-volume", "v-image"), new("/logs", "v-logs")]);
        Assert.Equal("v-data", request.HostConfig.Mounts.Single(m => m.Target == "/data").Source);
        Assert.Equal("v-image", request.HostConfig.Mounts.Single(m => m.Target == "/image-volume").Source);
        Assert.DoesNotContain(request.HostConfig.Mounts, m => m.Target == "/logs");
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("demo_data", false)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", false)]
    public void Anonymous_names_are_the_engines_64_hex_digits(string name, bool anonymous) =>
        Assert.Equal(anonymous, AnonymousVolume.IsAnonymousName(name));
}
