using System.Diagnostics;
using Composer.Reconciler.Planning;

namespace Composer.Reconciler.Execution;

/// <summary>Raised when an operation fails: names it, keeps the cause, lists what was not done.</summary>
public sealed class PlanExecutionException(Operation failed, Exception cause, IReadOnlyList<Operation> skipped)
    : Exception($"{failed.Verb} {failed.Subject}: {cause.Message}", cause)
{
    public Operation FailedOperation { get; } = failed;
    public IReadOnlyList<Operation> Skipped { get; } = skipped;
}

/// <summary>
/// Walks a plan with as much parallelism as its edges allow. It makes no decisions: on the first
/// failure it starts nothing new, lets what is running finish (so what was done stays
/// consistent), then throws <see cref="PlanExecutionException"/>.
/// </summary>
/// <param name="maxParallel">--parallel / COMPOSE_PARALLEL_LIMIT: at most this many operations at once; null: no limit.</param>
public sealed class PlanExecutor(IOperationRunner runner, IExecutionObserver observer, int? maxParallel = null)
{
    public async Task ExecuteAsync(Plan plan, CancellationToken cancellationToken)
    {
        var waitingOn = plan.Operations.ToDictionary(o => o.Id, o => o.After.Length);
        var dependents = plan.Operations
            .SelectMany(o => o.After.Select(a => (after: a, op: o)))
            .ToLookup(x => x.after, x => x.op);
        var byId = plan.Operations.ToDictionary(o => o.Id);

        var running = new Dictionary<Task, Operation>();
        var ready = new Queue<Operation>(plan.Operations.Where(o => o.After.IsEmpty));
        var done = new HashSet<int>();
        (Operation Operation, Exception Error)? failure = null;

        while (ready.Count > 0 || running.Count > 0)
        {
            while (failure is null && ready.Count > 0 && !cancellationToken.IsCancellationRequested && running.Count < (maxParallel ?? int.MaxValue))
            {
                var next = ready.Dequeue();
                running[RunOneAsync(next, cancellationToken)] = next;
            }
            if (running.Count == 0) break;

            var finished = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var operation = running[finished];
            running.Remove(finished);
            if (finished.IsFaulted || finished.IsCanceled)
            {
                failure ??= (operation, finished.Exception?.InnerException ?? new OperationCanceledException());
                continue;
            }
            done.Add(operation.Id);
            foreach (var dependent in dependents[operation.Id])
                if (--waitingOn[dependent.Id] == 0) ready.Enqueue(dependent);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (failure is { } f)
        {
            var skipped = plan.Operations.Where(o => !done.Contains(o.Id) && o.Id != f.Operation.Id).ToList();
            throw new PlanExecutionException(f.Operation, f.Error, skipped);
        }
        Debug.Assert(done.Count == byId.Count, "a plan is a DAG, so every operation becomes ready");
    }

    private async Task RunOneAsync(Operation operation, CancellationToken cancellationToken)
    {
        await Task.Yield();
        observer.Started(operation);
        var clock = Stopwatch.StartNew();
        try
        {
            await runner.RunAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            observer.Failed(operation, error);
            throw;
        }
        observer.Completed(operation, clock.Elapsed);
    }
}
