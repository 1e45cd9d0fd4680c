using Composer.Model;
using Composer.Orchestrator.Application;
using Composer.Reconciler;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>
/// The service's operations that read what exists (ls, volumes, top, port, stats) on a fake engine:
/// what they return or print, and what they refuse before asking the engine anything.
/// </summary>
public sealed class ComposeServiceReadingTests
{
    private const string Yaml = """
        services:
          db:
            image: busybox
          web:
            image: busybox
        """;

    private readonly FakeProject _project = new(Yaml);

    private ComposeService Service() => _project.Service();

    private ProjectTarget Target() => _project.Target();

    private void Container(string project, string service, string status = "running") => _project.Container(service, status, project);

    [Fact]
    public async Task Ls_counts_each_projects_containers_and_keeps_stopped_projects_only_when_asked()
    {
        Container("svc", "db");
        Container("svc", "web", status: "exited");
        Container("old", "db", status: "exited");

        var running = await Service().ListProjectsAsync(new ListProjectsRequest(), CancellationToken.None);
        Assert.Equal([new ProjectSummary("svc", 1, 2, "/srv/svc/compose.yaml")], running);
        Assert.Equal("running(1), exited(1)", running[0].Status);

        var all = await Service().ListProjectsAsync(new ListProjectsRequest { All = true }, CancellationToken.None);
        Assert.Equal(["old", "svc"], all.Select(p => p.Name));
        var named = await Service().ListProjectsAsync(new ListProjectsRequest { All = true, Names = ["^o"] }, CancellationToken.None);
        Assert.Equal(["old"], named.Select(p => p.Name));
    }

    [Fact]
    public async Task Volumes_are_the_projects_by_label_sorted_by_name()
    {
        _project.Engine.AddVolume("svc_b", new Dictionary<string, string> { [ComposeLabels.Project] = "svc" });
        _project.Engine.AddVolume("svc_a", new Dictionary<string, string> { [ComposeLabels.Project] = "svc" });
        _project.Engine.AddVolume("other_a", new Dictionary<string, string> { [ComposeLabels.Project] = "other" });
        var volumes = await Service().VolumesAsync(Target(), new VolumesRequest([]), CancellationToken.None);
        Assert.Equal(["svc_a", "svc_b"], volumes.Select(v => v.Name));
    }

    [Fact]
    public async Task Top_prints_each_running_containers_name_titles_and_processes()
    {
        Container("svc", "db");
        Container("svc", "web", status: "exited");
        await Service().TopAsync(Target(), new TopRequest([]), CancellationToken.None);
        Assert.StartsWith("svc-db-1\nPID\tCMD\n1\t", _project.Output.ToString().ReplaceLineEndings("\n"));
        Assert.DoesNotContain("svc-web-1", _project.Output.ToString());
    }

    [Fact]
    public async Task Port_names_the_container_when_the_port_is_not_published_and_the_service_when_nothing_runs()
    {
        Container("svc", "web");
        var unpublished = await Assert.ThrowsAsync<UsageException>(() => Service().PortAsync(Target(), new PortRequest("web", 80), CancellationToken.None));
        Assert.Equal("no port 80/tcp for container svc-web-1", unpublished.Message);
        var stopped = await Assert.ThrowsAsync<UsageException>(() => Service().PortAsync(Target(), new PortRequest("db", 80), CancellationToken.None));
        Assert.Equal("service \"db\" is not running", stopped.Message);
    }

    [Fact]
    public async Task Single_container_operations_and_stats_refuse_before_asking_the_engine()
    {
        Container("svc", "web");
        var undeclared = await Assert.ThrowsAsync<UsageException>(() => Service().PortAsync(Target(), new PortRequest("nope", 80), CancellationToken.None));
        Assert.Equal("no such service: nope", undeclared.Message);

        var two = await Assert.ThrowsAsync<UsageException>(async () =>
        {
            await foreach (var _ in Service().StatsAsync(Target(), new StatsRequest(["db", "web"]) { Stream = false }, CancellationToken.None)) { }
        });
        Assert.Equal("stats takes at most one SERVICE, got 2: db web", two.Message);
        Assert.Empty(_project.Engine.Calls);
    }
}
