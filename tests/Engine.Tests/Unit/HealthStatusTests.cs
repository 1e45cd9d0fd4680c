namespace Composer.Engine.Tests.Unit;

/// <summary>The engine's "unhealthy" is a verdict only once a check has run and failed.</summary>
public sealed class HealthStatusTests
{
    private static ContainerState State(string status, int streak, int probes, bool running = true, bool restarting = false) => new()
    {
        Running = running,
        Restarting = restarting,
        Health = new ContainerHealth
        {
            Status = status,
            FailingStreak = streak,
            Log = [.. Enumerable.Range(0, probes).Select(_ => new HealthProbe { ExitCode = 1 })],
        },
    };

    [Fact]
    public void Unhealthy_before_any_check_while_restarting_or_stopped_is_still_starting()
    {
        // As dockerd 20.10 reports it, measured: restarting or exited, streak 0, no probe log.
        Assert.Equal("starting", State("unhealthy", 0, 0, restarting: true).HealthStatus);
        Assert.Equal("starting", State("unhealthy", 0, 0, running: false).HealthStatus);
        Assert.Equal("starting", State("unhealthy", 3, 3, restarting: true).HealthStatus);
    }

    [Fact]
    public void Failed_checks_are_a_verdict_and_other_states_pass_through()
    {
        Assert.Equal("unhealthy", State("unhealthy", 3, 3).HealthStatus);
        Assert.Equal("healthy", State("healthy", 0, 1).HealthStatus);
        Assert.Equal("starting", State("starting", 0, 0).HealthStatus);
        Assert.Null(new ContainerState { Running = true }.HealthStatus);
    }
}
