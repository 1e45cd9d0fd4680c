using System.Collections.Immutable;
using System.Text;

namespace Composer.Reconciler.Planning;

public enum OperationKind
{
    CreateNetwork,
    CreateVolume,
    BuildImage,
    PullImage,
    StopContainer,
    RemoveContainer,
    CreateContainer,
    StartContainer,
    AwaitService,
    RollOut,
    RenameContainer,
    RemoveNetwork,
    RemoveVolume,
    RemoveImage,
}

/// <summary>
/// One engine call (or, for <see cref="OperationKind.AwaitService"/>, one wait on a depends_on
/// condition), with the cause that made the planner choose it and the operations it must follow.
/// </summary>
public sealed record Operation(
    int Id,
    OperationKind Kind,
    string Subject,
    string Cause,
    ImmutableArray<int> After)
{
    /// <summary>Service the operation belongs to, when it has one.</summary>
    public string? Service { get; init; }

    /// <summary>Replica number for container operations.</summary>
    public int Number { get; init; }

    /// <summary>Engine id of an existing container (stop/remove/start of an observed one).</summary>
    public string? ContainerId { get; init; }

    /// <summary>For <see cref="OperationKind.RenameContainer"/>: the name it gets.</summary>
    public string? NewName { get; init; }

    /// <summary>For <see cref="OperationKind.RollOut"/>: the replicas and how they roll.</summary>
    public Rollout.RolloutPlan? Rollout { get; init; }

    /// <summary>For a recreate's <see cref="OperationKind.CreateContainer"/>: the anonymous volumes of the container it replaces.</summary>
    public ImmutableArray<State.AnonymousVolume> InheritedVolumes { get; init; } = [];

    /// <summary>For awaits: the condition waited on.</summary>
    public Model.DependencyCondition Condition { get; init; }

    public string Verb => Kind switch
    {
        OperationKind.CreateNetwork => "create network",
        OperationKind.CreateVolume => "create volume",
        OperationKind.BuildImage => "build image",
        OperationKind.PullImage => "pull image",
        OperationKind.StopContainer => "stop container",
        OperationKind.RemoveContainer => "remove container",
        OperationKind.CreateContainer => "create container",
        OperationKind.StartContainer => "start container",
        OperationKind.AwaitService => "await service",
        OperationKind.RollOut => "roll out service",
        OperationKind.RenameContainer => "rename container",
        OperationKind.RemoveNetwork => "remove network",
        OperationKind.RemoveVolume => "remove volume",
        OperationKind.RemoveImage => "remove image",
        _ => Kind.ToString(),
    };

    public override string ToString()
    {
        var text = new StringBuilder($"#{Id} {Verb} {Subject}");
        if (Kind == OperationKind.AwaitService) text.Append(' ').Append(ConditionText(Condition));
        if (NewName is not null) text.Append(" to ").Append(NewName);
        if (!InheritedVolumes.IsDefaultOrEmpty) text.Append(" keeping ").Append(InheritedVolumes.Length).Append(" anonymous volumes");
        text.Append(" (").Append(Cause).Append(')');
        if (!After.IsEmpty) text.Append(" after ").AppendJoin(", ", After.Order().Select(a => $"#{a}"));
        if (Rollout is not null) text.Append(Rollout);
        return text.ToString();
    }

    private static string ConditionText(Model.DependencyCondition condition) => condition switch
    {
        Model.DependencyCondition.ServiceHealthy => "healthy",
        Model.DependencyCondition.ServiceCompletedSuccessfully => "completed successfully",
        _ => "started",
    };
}
