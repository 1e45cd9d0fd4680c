using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;

namespace Composer.Orchestrator.Output;

/// <summary>
/// Progress as compose prints it: one line per resource as it changes state
/// (" Container demo-web-1  Started"). Used on terminals too; lines are short and scroll well.
/// </summary>
public sealed class ProgressLines(Terminal terminal) : IExecutionObserver
{
    public void Started(Operation operation)
    {
        if (Describe(operation, done: false) is { } text) terminal.Status(text);
    }

    public void Completed(Operation operation, TimeSpan elapsed)
    {
        if (Describe(operation, done: true) is { } text) terminal.Status($"{text,-50} {elapsed.TotalSeconds,5:0.0}s");
    }

    public void Failed(Operation operation, Exception error) =>
        terminal.Status($" {Noun(operation)} {operation.Subject}  Error");

    private static string? Describe(Operation operation, bool done)
    {
        var state = operation.Kind switch
        {
            OperationKind.CreateNetwork or OperationKind.CreateVolume or OperationKind.CreateContainer => done ? "Created" : "Creating",
            OperationKind.StartContainer => done ? "Started" : "Starting",
            OperationKind.StopContainer => done ? "Stopped" : "Stopping",
            OperationKind.RemoveContainer or OperationKind.RemoveNetwork or OperationKind.RemoveVolume or OperationKind.RemoveImage
                => done ? "Removed" : "Removing",
            OperationKind.BuildImage => done ? "Built" : "Building",
            OperationKind.PullImage => done ? "Pulled" : "Pulling",
            OperationKind.AwaitService => done ? Healthy(operation) : "Waiting",
            _ => null,
        };
        return state is null ? null : $" {Noun(operation)} {operation.Subject}  {state}";
    }

    private static string Healthy(Operation operation) => operation.Condition switch
    {
        Reconciler.State.DependencyCondition.Healthy => "Healthy",
        Reconciler.State.DependencyCondition.CompletedSuccessfully => "Exited",
        _ => "Started",
    };

    private static string Noun(Operation operation) => operation.Kind switch
    {
        OperationKind.CreateNetwork or OperationKind.RemoveNetwork => "Network",
        OperationKind.CreateVolume or OperationKind.RemoveVolume => "Volume",
        OperationKind.BuildImage or OperationKind.PullImage or OperationKind.RemoveImage => "Image",
        OperationKind.AwaitService => "Service",
        _ => "Container",
    };
}
