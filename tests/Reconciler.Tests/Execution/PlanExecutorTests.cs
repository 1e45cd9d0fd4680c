using System.Collections.Concurrent;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using static Composer.Reconciler.Tests.Planning.Scenario;

namespace Composer.Reconciler.Tests.Execution;

public sealed class PlanExecutorTests
{
    /// <summary>Records start/finish order; fails the operations named; holds each one briefly.</summary>
    /// <param name="together">Operations hold until this many are in flight (or a few seconds pass), so
    /// parallelism shows however slow the machine: a serial executor never gets past one.</param>
    private sealed class RecordingRunner(string? failing = null, int together = 1) : IOperationRunner
    {
        public ConcurrentQueue<string> Events { get; } = new();
        private readonly TaskCompletionSource _gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;
        public int MaxInFlight;

        public async Task RunAsync(Operation operation, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref MaxInFlight, now);
            Events.Enqueue("start " + operation.Id);
            if (now >= together) _gathered.TrySetResult();
            await Task.WhenAny(_gathered.Task, Task.Delay(TimeSpan.FromSeconds(3), cancellationToken));
            await Task.Delay(30, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            if (failing == operation.Subject) throw new InvalidOperationException("boom");
            Events.Enqueue("end " + operation.Id);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }
    }

    private static Plan ThreeIndependentServicesAndADependent() => UpPlanner.Plan(
        Desired(Service("a"), Service("b"), Service("c"), Service("d", dependsOn: [On("a"), On("b"), On("c")])),
        Observed(), new UpOptions());

    [Fact]
    public async Task Runs_every_operation_after_its_predecessors()
    {
        var plan = ThreeIndependentServicesAndADependent();
        var runner = new RecordingRunner();
        await new PlanExecutor(runner, SilentObserver.Instance).ExecuteAsync(plan, CancellationToken.None);

        var events = runner.Events.ToList();
        foreach (var operation in plan.Operations)
            foreach (var before in operation.After)
                Assert.True(events.IndexOf("end " + before) < events.IndexOf("start " + operation.Id), $"#{before} before #{operation.Id}");
        Assert.Equal(plan.Operations.Length, events.Count(e => e.StartsWith("end")));
    }

    [Fact]
    public async Task Independent_operations_run_in_parallel()
    {
        var runner = new RecordingRunner(together: 3);
        await new PlanExecutor(runner, SilentObserver.Instance).ExecuteAsync(ThreeIndependentServicesAndADependent(), CancellationToken.None);
        Assert.True(runner.MaxInFlight >= 3, $"max in flight {runner.MaxInFlight}");
    }

    [Fact]
    public async Task First_failure_stops_new_work_and_names_the_operation()
    {
        var plan = ThreeIndependentServicesAndADependent();
        var runner = new RecordingRunner(failing: "demo-b-1");
        var error = await Assert.ThrowsAsync<PlanExecutionException>(
            () => new PlanExecutor(runner, SilentObserver.Instance).ExecuteAsync(plan, CancellationToken.None));

        Assert.Equal("create container demo-b-1: boom", error.Message);
        var startD = plan.Operations.Single(o => o.Kind == OperationKind.StartContainer && o.Subject == "demo-d-1");
        Assert.Contains(startD, error.Skipped);
        Assert.DoesNotContain("start " + startD.Id, runner.Events);
    }
}
