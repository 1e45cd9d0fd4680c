using Composer.Orchestrator.Output;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.EndToEnd.Tests;

/// <summary>The live progress view's state, without a terminal.</summary>
public sealed class ProgressTests
{
    private static Operation Op(int id, OperationKind kind, string subject, DependencyCondition condition = DependencyCondition.Started) =>
        new(id, kind, subject, "test", []) { Condition = condition };

    [Fact]
    public void Rows_follow_each_resource_through_its_states_in_first_seen_order()
    {
        var live = new LiveProgress();
        var network = Op(1, OperationKind.CreateNetwork, "demo_default");
        var create = Op(2, OperationKind.CreateContainer, "demo-web-1");
        var start = Op(3, OperationKind.StartContainer, "demo-web-1");
        var waitHealthy = Op(4, OperationKind.AwaitService, "db", DependencyCondition.Healthy);
        var waitStarted = Op(5, OperationKind.AwaitService, "cache");

        live.Started(network);
        live.Started(create);
        live.Completed(network, TimeSpan.FromMilliseconds(100));
        live.Completed(create, TimeSpan.FromMilliseconds(50));
        live.Started(waitHealthy);
        live.Started(waitStarted);
        live.Started(start);
        live.Failed(start, new InvalidOperationException("port is already allocated"));

        Assert.Equal(
            ["✔ Network demo_default  Created", "✘ Container demo-web-1  Error", "… Service db  Waiting"],
            live.Lines());
    }
}
