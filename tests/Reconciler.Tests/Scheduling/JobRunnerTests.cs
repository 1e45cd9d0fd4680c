using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Scheduling;
using Composer.Reconciler.Tests.Supervision;
using Composer.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Composer.Reconciler.Tests.Scheduling;

/// <summary>One run of a scheduled job on a fake engine: what it makes, records and leaves behind, also when the engine fails mid-run.</summary>
public sealed class JobRunnerTests
{
    private static readonly Project Project = Compose.Load("""
        services:
          web:
            image: nginx:1
          backup:
            image: busybox
            command: ["sh", "-c", "tar c /data"]
            volumes: [data:/data]
            x-composer:
              schedule: "0 3 * * *"
        volumes:
          data: {}
        """);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));

    private FakeEngine Engine(ImageBehaviour behaviour)
    {
        var engine = new FakeEngine(_time);
        engine.AddImage("busybox", behaviour);
        return engine;
    }

    /// <summary>Bounded, so a runner that (wrongly) waits for a container that never exits fails the test instead of hanging it.</summary>
    private Task<JobRun> RunAsync(FakeEngine engine, CancellationToken cancellationToken = default) =>
        new JobRunner(engine, _time).RunAsync(Project, "backup", cancellationToken).WaitAsync(TimeSpan.FromSeconds(30));

    private static string[] RunCalls(FakeEngine engine) =>
        [.. engine.Calls.Where(c => c.Method is "CreateContainer" or "StartContainer" or "WaitContainer" or "ContainerLogs" or "RemoveContainer")
            .Select(c => c.Method)];

    [Fact]
    public async Task A_run_creates_starts_waits_keeps_the_output_and_removes_its_container()
    {
        using var engine = Engine(ImageBehaviour.Exits(3, output: "one\ntwo\n"));

        var run = await RunAsync(engine);

        Assert.Equal(3, run.ExitCode);
        Assert.Null(run.Error);
        Assert.Equal("one\ntwo\n", run.Log);
        Assert.Equal(_time.GetUtcNow(), run.StartedAt);
        Assert.Equal(["CreateContainer", "StartContainer", "WaitContainer", "ContainerLogs", "RemoveContainer"], RunCalls(engine));
        Assert.Empty(engine.Containers);
    }

    [Fact]
    public async Task The_run_container_is_a_labelled_one_off_that_the_engine_does_not_restart()
    {
        using var engine = Engine(ImageBehaviour.Exits(0));

        await RunAsync(engine);

        var created = Assert.Single(engine.History, e => e.Action == "create" && e.Type == "container");
        var labels = created.Actor!.Attributes!;
        Assert.Equal((ComposeLabels.True, ComposeLabels.True, "backup"), (labels[ComposeLabels.OneOff], labels[ComposeLabels.ScheduledJob], labels[ComposeLabels.Service]));
        Assert.Matches("^demo-backup-run-[0-9a-f]{12}$", labels["name"]);
        var create = engine.Calls.Single(c => c.Method == "CreateContainer");
        Assert.Equal(labels["name"], create.Subject);
        // The job's volume and the project network exist for it; web, not asked for, is not started.
        Assert.Equal(["demo_data"], engine.VolumeNames);
        Assert.Equal(["demo_default"], engine.NetworkNames);
        Assert.DoesNotContain(engine.Calls, c => c.Subject?.StartsWith("demo-web", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_duration_is_measured_on_the_clock()
    {
        using var engine = Engine(ImageBehaviour.Exits(0, after: TimeSpan.FromMinutes(5)));

        var running = RunAsync(engine);
        await engine.WaitForCallAsync("WaitContainer");
        Assert.False(running.IsCompleted);
        _time.Advance(TimeSpan.FromMinutes(5));
        var run = await running;

        Assert.Equal(TimeSpan.FromMinutes(5), run.Duration);
        Assert.Equal(0, run.ExitCode);
    }

    /// <summary>A failure at a step of the run is its result (no exit code, the engine's message), and the container made for it goes.</summary>
    [Theory]
    [InlineData("StartContainer")]
    [InlineData("WaitContainer")]
    [InlineData("ContainerLogs")]
    public async Task An_engine_error_mid_run_is_recorded_and_the_container_still_removed(string method)
    {
        using var engine = Engine(ImageBehaviour.Exits(0));
        engine.Faults.Fail(method);

        var run = await RunAsync(engine);

        Assert.Null(run.ExitCode);
        Assert.Contains($"injected failure of {method}", run.Error, StringComparison.Ordinal);
        Assert.Single(engine.CallsOf("RemoveContainer"));
        Assert.Empty(engine.Containers);
    }

    [Theory]
    [InlineData("PullImage")]
    [InlineData("CreateVolume")]
    [InlineData("CreateContainer")]
    public async Task A_failure_before_the_container_exists_removes_nothing(string method)
    {
        using var engine = new FakeEngine(_time); // busybox must be pulled first
        engine.Faults.Fail(method);

        var run = await RunAsync(engine);

        Assert.Null(run.ExitCode);
        Assert.Contains($"injected failure of {method}", run.Error, StringComparison.Ordinal);
        Assert.Empty(engine.CallsOf("StartContainer"));
        Assert.Empty(engine.CallsOf("RemoveContainer"));
    }

    [Fact]
    public async Task A_failed_removal_leaves_a_leftover_that_the_next_start_up_removes()
    {
        using var engine = Engine(ImageBehaviour.Exits(0));
        engine.Faults.Fail("RemoveContainer");
        engine.AddContainer("demo-web-1", new Dictionary<string, string> { [ComposeLabels.Project] = "demo", [ComposeLabels.Service] = "web" });

        var run = await RunAsync(engine);

        Assert.Equal(0, run.ExitCode); // the run itself went well
        var leftover = Assert.Single(engine.Containers, c => c.Name.StartsWith("demo-backup-run-", StringComparison.Ordinal));
        Assert.Equal(1, await new JobRunner(engine, _time).RemoveLeftoversAsync("demo", CancellationToken.None));
        Assert.Equal(["demo-web-1"], engine.Containers.Select(c => c.Name));
        Assert.Equal($"RemoveContainer {leftover.Name} force", engine.Calls[^1].ToString());
    }

    [Fact]
    public async Task Cancelling_a_run_stops_waiting_and_removes_the_container()
    {
        using var engine = Engine(ImageBehaviour.KeepsRunning);
        using var stop = new CancellationTokenSource();

        var running = RunAsync(engine, stop.Token);
        await engine.WaitForCallAsync("WaitContainer");
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Single(engine.CallsOf("RemoveContainer"));
        Assert.Empty(engine.Containers);
    }
}
