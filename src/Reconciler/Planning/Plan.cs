using System.Collections.Immutable;
using System.Text;

namespace Composer.Reconciler.Planning;

/// <summary>
/// A DAG of operations (edges in <see cref="Operation.After"/>) plus warnings. Its text form is
/// stable for the same inputs: it is what snapshot tests compare and what --dry-run prints.
/// </summary>
public sealed record Plan(ImmutableArray<Operation> Operations, ImmutableArray<string> Warnings)
{
    public bool IsEmpty => Operations.IsEmpty;

    public override string ToString() => PlanText.Format(Warnings, Operations);
}

/// <summary>Collects operations with ids in the order they are added, so a plan reads top-down.</summary>
internal sealed class PlanBuilder
{
    private readonly List<Operation> _operations = [];
    private readonly List<string> _warnings = [];

    public Operation Add(OperationKind kind, string subject, string cause, IEnumerable<Operation?> after,
        Func<Operation, Operation>? configure = null)
    {
        var ids = after.OfType<Operation>().Select(a => a.Id).Distinct().Order().ToImmutableArray();
        var operation = new Operation(_operations.Count + 1, kind, subject, cause, ids);
        if (configure is not null) operation = configure(operation);
        _operations.Add(operation);
        return operation;
    }

    public void Warn(string warning) => _warnings.Add(warning);

    public Plan Build() => new([.. _operations], [.. _warnings]);
}
