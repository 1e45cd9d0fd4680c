using System.Collections.Immutable;
using Composer.Reconciler.Rollout;
using Microsoft.Extensions.Time.Testing;

namespace Composer.Reconciler.Tests.Rollout;

public sealed class ServiceRolloutTests
{
    private static RolloutPlan Plan(int replicas, int parallelism = 1, FailureAction action = FailureAction.Rollback, double ratio = 0) =>
        new("web",
            new RolloutSettings(parallelism, TimeSpan.Zero, action, TimeSpan.FromSeconds(5), ratio, TimeSpan.FromSeconds(7)),
            [.. Enumerable.Range(1, replicas).Select(n => new ReplicaSwap(n, $"old-{n}", $"demo-web-{n}", $"demo-web-{n}"))],
            "hash image");

    private static string Temp(int n) => $"old-{n}_demo-web-{n}";

    private static async Task<(ScriptedReplicas Engine, List<string> Reports, Exception? Error)> RunAsync(RolloutPlan plan, Action<ScriptedReplicas>? script = null)
    {
        var engine = new ScriptedReplicas();
        script?.Invoke(engine);
        var reports = new List<string>();
        var error = await Record.ExceptionAsync(() => new ServiceRollout(engine, TimeProvider.System, reports.Add).RunAsync(plan, CancellationToken.None));
        return (engine, reports, error);
    }

    [Fact]
    public async Task Each_replacement_is_ready_before_its_old_container_stops_and_takes_its_name_at_the_end()
    {
        var (engine, _, error) = await RunAsync(Plan(2));
        Assert.Null(error);
        Assert.Equal([
            $"create {Temp(1)} #1", $"start {Temp(1)}", $"await {Temp(1)}", "stop demo-web-1 7s",
            $"create {Temp(2)} #2", $"start {Temp(2)}", $"await {Temp(2)}", "stop demo-web-2 7s",
            "remove demo-web-1", $"rename {Temp(1)} -> demo-web-1", "remove demo-web-2", $"rename {Temp(2)} -> demo-web-2",
        ], Normalize(engine.Calls));
    }

    [Fact]
    public async Task Rollback_removes_the_failed_replacement_and_brings_back_what_was_already_switched()
    {
        var (engine, _, error) = await RunAsync(Plan(3), e => e.NotReady[Temp(2)] = "is unhealthy");
        var failed = Assert.IsType<RolloutFailedException>(error);
        Assert.Contains("rolled back", failed.Message);
        Assert.Contains("demo-web-2's replacement is unhealthy", failed.Message);
        Assert.Equal("hash image", failed.Key);
        Assert.Equal([
            $"create {Temp(1)} #1", $"start {Temp(1)}", $"await {Temp(1)}", "stop demo-web-1 7s",
            $"create {Temp(2)} #2", $"start {Temp(2)}", $"await {Temp(2)}", $"remove {Temp(2)}",
            "start demo-web-1", "await demo-web-1", $"stop {Temp(1)} 7s", $"remove {Temp(1)}",
        ], engine.Calls);
        Assert.DoesNotContain(engine.Calls, c => c.StartsWith("stop demo-web-2") || c.StartsWith("stop demo-web-3") || c.StartsWith("rename"));
    }

    [Fact]
    public async Task Pause_keeps_what_was_switched_and_stops_there()
    {
        var (engine, _, error) = await RunAsync(Plan(3, action: FailureAction.Pause), e => e.NotReady[Temp(2)] = "exited with code 3");
        Assert.Contains("paused after 1 of 3", Assert.IsType<RolloutFailedException>(error).Message);
        Assert.Contains($"rename {Temp(1)} -> demo-web-1", engine.Calls);
        Assert.Contains($"remove {Temp(2)}", engine.Calls);
        Assert.DoesNotContain(engine.Calls, c => c.Contains("demo-web-3") || c.StartsWith("stop demo-web-2"));
    }

    [Fact]
    public async Task Continue_goes_on_with_the_next_batches_and_still_fails_the_command()
    {
        var (engine, _, error) = await RunAsync(Plan(3, action: FailureAction.Continue), e => e.NotReady[Temp(2)] = "exited with code 3");
        Assert.Contains("1 of 3 not replaced", Assert.IsType<RolloutFailedException>(error).Message);
        Assert.Contains($"rename {Temp(1)} -> demo-web-1", engine.Calls);
        Assert.Contains($"rename {Temp(3)} -> demo-web-3", engine.Calls);
        Assert.DoesNotContain(engine.Calls, c => c.StartsWith("stop demo-web-2") || c.StartsWith("remove demo-web-2"));
    }

    [Fact]
    public async Task Failures_within_max_failure_ratio_complete_the_rollout()
    {
        var (engine, reports, error) = await RunAsync(Plan(4, ratio: 0.25), e => e.FailCreate.Add(Temp(3)));
        Assert.Null(error);
        Assert.Contains(reports, r => r.Contains("rolled out 3 of 4, within max_failure_ratio") && r.Contains("could not start: no such image"));
        Assert.DoesNotContain(engine.Calls, c => c.StartsWith("stop demo-web-3"));
    }

    [Fact]
    public async Task Parallelism_starts_a_whole_batch_before_stopping_its_old_containers()
    {
        var (engine, _, error) = await RunAsync(Plan(3, parallelism: 2));
        Assert.Null(error);
        var calls = engine.Calls;
        var lastReadyOfFirstBatch = Math.Max(calls.IndexOf($"await {Temp(1)}"), calls.IndexOf($"await {Temp(2)}"));
        Assert.True(lastReadyOfFirstBatch < calls.IndexOf("stop demo-web-1 7s"), string.Join("\n", calls));
        Assert.True(calls.IndexOf("stop demo-web-2 7s") < calls.IndexOf($"create {Temp(3)} #3"), string.Join("\n", calls));
    }

    [Fact]
    public async Task The_drain_runs_on_the_clock_between_ready_and_stop()
    {
        var clock = new FakeTimeProvider();
        var engine = new ScriptedReplicas();
        var plan = Plan(1) with { Settings = Plan(1).Settings with { Drain = TimeSpan.FromSeconds(3) } };
        var running = new ServiceRollout(engine, clock, _ => { }).RunAsync(plan, CancellationToken.None);
        await WaitUntilAsync(() => engine.Calls.Contains($"await {Temp(1)}"));
        clock.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(50);
        Assert.DoesNotContain("stop demo-web-1 7s", engine.Calls);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await running;
        Assert.Contains("stop demo-web-1 7s", engine.Calls);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    /// <summary>Batches of one run in order; the finishing steps run in parallel, so their order is by replica.</summary>
    private static List<string> Normalize(List<string> calls)
    {
        var finishing = calls.Where(c => c.StartsWith("remove demo", StringComparison.Ordinal) || c.StartsWith("rename", StringComparison.Ordinal)).ToList();
        var rest = calls.Except(finishing).ToList();
        var ordered = finishing.OrderBy(c => c[^1]).ThenBy(c => c.StartsWith("rename", StringComparison.Ordinal)).ToList();
        return [.. rest, .. ordered];
    }
}
