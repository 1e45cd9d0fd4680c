using Composer.Model;
using Composer.Engine;
using Composer.Reconciler.State;
using Composer.Testing;

namespace Composer.Reconciler.Tests.State;

/// <summary>What one snapshot of a project holds, read from a fake engine shared with other projects and tools.</summary>
public sealed class ObservedStateReaderTests
{
    private static Dictionary<string, string> Of(string project, string service, int number, bool oneOff = false, string hash = "h1") => new()
    {
        [ComposeLabels.Project] = project,
        [ComposeLabels.Service] = service,
        [ComposeLabels.ContainerNumber] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [ComposeLabels.OneOff] = oneOff ? ComposeLabels.True : ComposeLabels.False,
        [ComposeLabels.ConfigHash] = hash,
    };

    /// <summary>demo's containers in every state, a one-off, an orphan and a container without a service label, beside another project's.</summary>
    private static FakeEngine Crowded()
    {
        var engine = new FakeEngine();
        engine.AddContainer("demo-web-1", Of("demo", "web", 1), image: "nginx:1");
        engine.AddContainer("demo-web-2", Of("demo", "web", 2, hash: "old"), status: "exited", exitCode: 1, image: "nginx:1");
        engine.AddContainer("demo-db-1", Of("demo", "db", 1), status: "created", image: "postgres:16");
        engine.AddContainer("demo-web-run-0123456789ab", Of("demo", "web", 1, oneOff: true), image: "nginx:1");
        engine.AddContainer("demo-gone-1", Of("demo", "gone", 1), status: "paused");
        engine.AddContainer("demo-helper", new Dictionary<string, string> { [ComposeLabels.Project] = "demo" }); // someone else's, with our project label only
        engine.AddContainer("other-web-1", Of("other", "web", 1), image: "nginx:1");
        engine.AddContainer("loner", new Dictionary<string, string>());
        engine.AddNetwork("demo_default", new Dictionary<string, string> { [ComposeLabels.Project] = "demo", [ComposeLabels.Network] = "default" });
        engine.AddNetwork("other_default", new Dictionary<string, string> { [ComposeLabels.Project] = "other", [ComposeLabels.Network] = "default" });
        engine.AddNetwork("bridge");
        engine.AddVolume("demo_data", new Dictionary<string, string> { [ComposeLabels.Project] = "demo", [ComposeLabels.Volume] = "data" });
        engine.AddVolume("other_data", new Dictionary<string, string> { [ComposeLabels.Project] = "other", [ComposeLabels.Volume] = "data" });
        engine.AddVolume("3f9a0c");
        return engine;
    }

    private static Task<ObservedState> ReadAsync(FakeEngine engine, CancellationToken cancellationToken = default) =>
        new ObservedStateReader(engine).ReadAsync("demo", ["nginx:1", "postgres:16", "ghost:1"], cancellationToken);

    [Fact]
    public async Task Reads_the_projects_containers_networks_volumes_and_images_only()
    {
        using var engine = Crowded();
        var nginx = engine.AddImage("nginx:1");

        var state = await ReadAsync(engine);

        var seen = state.Containers.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => $"{c.Name} {c.Service}#{c.Number} {c.Status}{(c.OneOff ? " one-off" : "")} {c.ConfigHash}");
        Assert.Equal([
            "demo-db-1 db#1 Created h1",
            "demo-gone-1 gone#1 Paused h1",
            "demo-web-1 web#1 Running h1",
            "demo-web-2 web#2 Exited old",
            "demo-web-run-0123456789ab web#1 Running one-off h1",
        ], seen);
        Assert.Equal(engine.Container("demo-web-1").Id, state.Containers.Single(c => c.Name == "demo-web-1").Id);
        Assert.All(state.Containers.Where(c => c.Service == "web"), c => Assert.Equal(nginx.Id, c.ImageId));
        Assert.Equal(["demo_default"], state.Networks);
        Assert.Equal(["demo_data"], state.Volumes);
        Assert.Equal(nginx.Id, state.ImageIds["nginx:1"]);
        Assert.Equal(["nginx:1", "postgres:16"], state.ImageIds.Keys.Order(StringComparer.Ordinal)); // ghost:1 is missing, not an error
    }

    [Fact]
    public async Task What_the_planner_takes_from_it_a_services_containers_in_number_order_without_one_offs()
    {
        using var engine = Crowded();
        var state = await ReadAsync(engine);
        Assert.Equal(["demo-web-1", "demo-web-2"], state.ServiceContainers("web").Select(c => c.Name));
        Assert.True(state.Containers.Single(c => c.Name == "demo-gone-1").IsRunning);
    }

    [Fact]
    public async Task Finds_them_by_the_project_label_in_one_list_call_each()
    {
        using var engine = Crowded();
        await ReadAsync(engine);
        Assert.Equal(["ListContainers", "ListNetworks", "ListVolumes"],
            engine.Calls.Where(c => c.Method.StartsWith("List", StringComparison.Ordinal)).Select(c => c.Method).Order(StringComparer.Ordinal));
        Assert.All(engine.Calls.Where(c => c.Method.StartsWith("List", StringComparison.Ordinal)), c => Assert.Equal($"{ComposeLabels.Project}=demo", c.Detail));
    }

    [Theory]
    [InlineData("ListContainers")]
    [InlineData("ListNetworks")]
    [InlineData("ListVolumes")]
    [InlineData("InspectImage")]
    public async Task An_engine_error_is_not_taken_for_an_empty_project(string method)
    {
        using var engine = Crowded();
        engine.Faults.Fail(method);
        var error = await Assert.ThrowsAsync<EngineApiException>(() => ReadAsync(engine));
        Assert.Contains($"injected failure of {method}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_engine_that_is_not_there_says_so()
    {
        using var engine = Crowded();
        engine.Faults.Fail(_ => true, FaultPlan.Errors.Unavailable);
        await Assert.ThrowsAsync<EngineUnavailableException>(() => ReadAsync(engine));
    }

    [Fact]
    public async Task A_slow_engine_is_left_when_the_token_fires()
    {
        using var engine = Crowded();
        engine.Faults.Slow("ListVolumes", Timeout.InfiniteTimeSpan);
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAsync(engine, interrupt.Token).WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
