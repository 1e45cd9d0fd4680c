using Composer.Model;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Output;

/// <summary>The words compose uses for each resource and state ("Container web-1  Started").</summary>
internal static class ProgressText
{
    public static string? Doing(Operation operation) => operation.Kind switch
    {
        OperationKind.CreateNetwork or OperationKind.CreateVolume or OperationKind.CreateContainer => "Creating",
        OperationKind.StartContainer => "Starting",
        OperationKind.StopContainer => "Stopping",
        OperationKind.RemoveContainer or OperationKind.RemoveNetwork or OperationKind.RemoveVolume or OperationKind.RemoveImage => "Removing",
        OperationKind.BuildImage => "Building",
        OperationKind.PullImage => "Pulling",
        OperationKind.AwaitService when operation.Condition != DependencyCondition.ServiceStarted => "Waiting",
        OperationKind.RollOut => "Rolling out",
        OperationKind.RenameContainer => "Renaming",
        _ => null,
    };

    public static string? Done(Operation operation) => operation.Kind switch
    {
        OperationKind.CreateNetwork or OperationKind.CreateVolume or OperationKind.CreateContainer => "Created",
        OperationKind.StartContainer => "Started",
        OperationKind.StopContainer => "Stopped",
        OperationKind.RemoveContainer or OperationKind.RemoveNetwork or OperationKind.RemoveVolume or OperationKind.RemoveImage => "Removed",
        OperationKind.BuildImage => "Built",
        OperationKind.PullImage => "Pulled",
        OperationKind.RollOut => "Rolled out",
        OperationKind.RenameContainer => "Renamed",
        // Waiting for a plain start is instant and not worth a line; health and completion are.
        OperationKind.AwaitService => operation.Condition switch
        {
            DependencyCondition.ServiceHealthy => "Healthy",
            DependencyCondition.ServiceCompletedSuccessfully => "Exited",
            _ => null,
        },
        _ => null,
    };

    public static string Noun(Operation operation) => operation.Kind switch
    {
        OperationKind.CreateNetwork or OperationKind.RemoveNetwork => "Network",
        OperationKind.CreateVolume or OperationKind.RemoveVolume => "Volume",
        OperationKind.BuildImage or OperationKind.PullImage or OperationKind.RemoveImage => "Image",
        OperationKind.AwaitService or OperationKind.RollOut => "Service",
        _ => "Container",
    };
}
