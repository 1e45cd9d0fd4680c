using System.Collections.Immutable;
using System.Text;

namespace Composer.Reconciler.Swarm;

public enum StackOperationKind
{
    CreateNetwork,
    CreateConfig,
    CreateSecret,
    CreateService,
    UpdateService,
    RemoveService,
    RemoveConfig,
    RemoveSecret,
    RemoveNetwork,
}

/// <summary>One swarm call, with the cause that made the planner choose it.</summary>
/// <param name="Id">Engine id of an observed object (updates and removals).</param>
public sealed record StackOperation(int Number, StackOperationKind Kind, string Subject, string Cause, string? Id = null)
{
    public string Verb => Kind switch
    {
        StackOperationKind.CreateNetwork => "create network",
        StackOperationKind.CreateConfig => "create config",
        StackOperationKind.CreateSecret => "create secret",
        StackOperationKind.CreateService => "create service",
        StackOperationKind.UpdateService => "update service",
        StackOperationKind.RemoveService => "remove service",
        StackOperationKind.RemoveConfig => "remove config",
        StackOperationKind.RemoveSecret => "remove secret",
        StackOperationKind.RemoveNetwork => "remove network",
        _ => Kind.ToString(),
    };

    public bool IsRemoval => Kind is StackOperationKind.RemoveService or StackOperationKind.RemoveConfig
        or StackOperationKind.RemoveSecret or StackOperationKind.RemoveNetwork;

    public override string ToString() => $"#{Number} {Verb} {Subject} ({Cause})";
}

/// <summary>
/// The operations of one deploy or rm, in the order they run: networks, configs and secrets first,
/// then services, then what is no longer wanted. Its text is stable for the same inputs: what
/// snapshot tests compare and what --dry-run prints.
/// </summary>
public sealed record StackPlan(string Stack, ImmutableArray<StackOperation> Operations, ImmutableArray<string> Warnings)
{
    public bool IsEmpty => Operations.IsEmpty;

    public override string ToString() => Planning.PlanText.Format(Warnings, Operations);
}
