using Composer.Orchestrator.Application;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>
/// The application service on its own, as the agent or another front end would call it: no command
/// line, a fake engine that records each call. (The verbs over it run against the real engine in
/// the other test classes.)
/// </summary>
public sealed class ComposeServiceTests
{
    private const string Yaml = """
        services:
          db:
            image: busybox
            stop_grace_period: 42s
          web:
            image: busybox
            depends_on:
              db: { condition: service_started, restart: true }
          worker:
            image: busybox
            depends_on: [web]
        """;

    private readonly FakeProject _project = new(Yaml);

    private ComposeService Service() => _project.Service();

    private ProjectTarget Target() => _project.Target();

    private void Running(params string[] services)
    {
        foreach (var service in services) _project.Container(service);
    }

    [Fact]
    public async Task Stop_gives_each_container_its_services_stop_grace_period_unless_a_timeout_is_asked()
    {
        Running("db", "web");
        await Service().StopAsync(Target(), new StopRequest([]), CancellationToken.None);
        Assert.Equal(["StopContainer svc-db-1 t=42", "StopContainer svc-web-1 t=10"], _project.Engine.CallsOf("StopContainer").Order());

        Running("worker");
        await Service().StopAsync(Target(), new StopRequest(["worker"], Timeout: 3), CancellationToken.None);
        Assert.Contains("StopContainer svc-worker-1 t=3", _project.Engine.CallsOf("StopContainer"));
        Assert.Contains(" Container svc-worker-1  Stopped", _project.Status.ToString());
    }

    [Fact]
    public async Task A_service_the_project_does_not_declare_is_refused_before_the_engine_is_asked_anything()
    {
        Running("db");
        var error = await Assert.ThrowsAsync<UsageException>(() => Service().StopAsync(Target(), new StopRequest(["nope"]), CancellationToken.None));
        Assert.Equal("no such service: nope", error.Message);
        Assert.Empty(_project.Engine.Calls);
    }

    [Fact]
    public async Task Restart_takes_dependents_with_restart_true_after_their_dependency_and_leaves_the_rest()
    {
        Running("db", "web", "worker");
        await Service().RestartAsync(Target(), new RestartRequest(["db"]), CancellationToken.None);
        // web depends on db with restart: true; worker depends on web without it.
        Assert.Equal(["RestartContainer svc-db-1 t=42", "RestartContainer svc-web-1 t=10"], _project.Engine.CallsOf("RestartContainer"));

        await Service().RestartAsync(Target(), new RestartRequest(["db"]) { NoDeps = true }, CancellationToken.None);
        Assert.Equal(3, _project.Engine.CallsOf("RestartContainer").Count);
    }

    [Fact]
    public async Task Kill_sends_the_signal_asked_and_removes_orphans_when_asked()
    {
        Running("db", "web", "gone");
        await Service().KillAsync(Target(), new KillRequest(["db"]) { Signal = "SIGUSR1" }, CancellationToken.None);
        Assert.Equal(["KillContainer svc-db-1 SIGUSR1"], _project.Engine.CallsOf("KillContainer"));

        await Service().KillAsync(Target(), new KillRequest(["web"]) { RemoveOrphans = true }, CancellationToken.None);
        Assert.DoesNotContain(_project.Engine.Containers, c => c.Name == "svc-gone-1");
        Assert.Contains(_project.Engine.Containers, c => c.Name == "svc-web-1");
    }

    [Fact]
    public async Task Rm_leaves_running_containers_unless_asked_to_stop_them_first()
    {
        Running("db", "web");
        await Service().StopAsync(Target(), new StopRequest(["web"]), CancellationToken.None);
        await Service().RemoveAsync(Target(), new RemoveRequest([]), CancellationToken.None);
        Assert.Equal(["svc-db-1"], _project.Engine.Containers.Select(c => c.Name));

        await Service().RemoveAsync(Target(), new RemoveRequest([]) { Stop = true }, CancellationToken.None);
        Assert.Empty(_project.Engine.Containers);
        Assert.Contains("StopContainer svc-db-1 t=42", _project.Engine.CallsOf("StopContainer"));
    }
}
