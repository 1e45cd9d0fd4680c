using System.Collections.Immutable;

namespace Composer.Reconciler.Swarm;

/// <summary>
/// Desired + observed stack -> the swarm calls of `stack deploy` or `stack rm`. Pure. A service is
/// updated only when the hash of its spec changed (or its replica count was changed behind our
/// back), so an unchanged service keeps its tasks and its version.
/// </summary>
public static class StackPlanner
{
    public static StackPlan Deploy(DesiredStack desired, ObservedStack observed, bool prune)
    {
        var plan = new Builder(desired.Name);
        foreach (var warning in desired.Warnings) plan.Warn(warning);

        var networks = Names(observed.Networks);
        foreach (var network in desired.Networks.Where(n => !networks.Contains(n.Name)))
            plan.Add(StackOperationKind.CreateNetwork, network.Name, "missing");
        CreateObjects(plan, StackOperationKind.CreateConfig, desired.Configs, observed.Configs);
        CreateObjects(plan, StackOperationKind.CreateSecret, desired.Secrets, observed.Secrets);

        var services = observed.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var service in desired.Services.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (!services.TryGetValue(service.Name, out var current)) plan.Add(StackOperationKind.CreateService, service.Name, "missing");
            else if (UpdateCause(service, current) is { } cause) plan.Add(StackOperationKind.UpdateService, service.Name, cause, current.Id);
        }

        var wanted = desired.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var strays = observed.Services.Where(s => !wanted.Contains(s.Name)).ToList();
        if (prune) foreach (var stray in strays) plan.Add(StackOperationKind.RemoveService, stray.Name, "not in the compose file", stray.Id);
        else if (strays.Count > 0)
            plan.Warn($"Services not in the compose file: {string.Join(", ", strays.Select(s => s.Name))}. Deploy with --prune to remove them.");

        RemoveStaleObjects(plan, StackOperationKind.RemoveConfig, desired.Configs, observed.Configs, prune);
        RemoveStaleObjects(plan, StackOperationKind.RemoveSecret, desired.Secrets, observed.Secrets, prune);
        if (prune)
        {
            var desiredNetworks = desired.Networks.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var network in observed.Networks.Where(n => !desiredNetworks.Contains(n.Name)))
                plan.Add(StackOperationKind.RemoveNetwork, network.Name, "not in the compose file", network.Id);
        }
        return plan.Build();
    }

    /// <summary>`stack rm`: services first (their tasks hold the rest), then secrets, configs and networks.</summary>
    public static StackPlan Remove(string stack, ObservedStack observed)
    {
        var plan = new Builder(stack);
        foreach (var service in observed.Services) plan.Add(StackOperationKind.RemoveService, service.Name, "stack rm", service.Id);
        foreach (var secret in observed.Secrets) plan.Add(StackOperationKind.RemoveSecret, secret.Name, "stack rm", secret.Id);
        foreach (var config in observed.Configs) plan.Add(StackOperationKind.RemoveConfig, config.Name, "stack rm", config.Id);
        foreach (var network in observed.Networks) plan.Add(StackOperationKind.RemoveNetwork, network.Name, "stack rm", network.Id);
        return plan.Build();
    }

    private static string? UpdateCause(DesiredStackService desired, ObservedStackService current)
    {
        if (current.SpecHash is null) return "not deployed by composer";
        if (current.SpecHash != desired.SpecHash) return "spec changed";
        var replicas = desired.Spec.Mode?.Replicated?.Replicas;
        if (replicas is { } wanted && current.Replicas is { } actual && wanted != actual) return $"replicas {actual} -> {wanted}";
        return null;
    }

    private static void CreateObjects(Builder plan, StackOperationKind kind, ImmutableArray<DesiredSwarmObject> desired,
        ImmutableArray<ObservedSwarmObject> observed)
    {
        var names = Names(observed);
        foreach (var item in desired.Where(d => !names.Contains(d.Name)))
        {
            var previous = observed.FirstOrDefault(o => o.ObjectName == item.Spec.Labels?.GetValueOrDefault(StackLabels.ObjectName));
            plan.Add(kind, item.Name, previous is null ? "missing" : $"content changed, replaces {previous.Name}");
        }
    }

    /// <summary>
    /// Older content versions of a declared config or secret are ours to clean up (nothing points
    /// at them once services are updated); objects whose key left the file go only with --prune.
    /// </summary>
    private static void RemoveStaleObjects(Builder plan, StackOperationKind kind, ImmutableArray<DesiredSwarmObject> desired,
        ImmutableArray<ObservedSwarmObject> observed, bool prune)
    {
        var names = desired.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var declared = desired.Select(d => d.Spec.Labels?.GetValueOrDefault(StackLabels.ObjectName)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var stale in observed.Where(o => !names.Contains(o.Name)))
        {
            if (stale.ObjectName is { } objectName && declared.Contains(objectName)) plan.Add(kind, stale.Name, "superseded", stale.Id);
            else if (prune) plan.Add(kind, stale.Name, "not in the compose file", stale.Id);
        }
    }

    private static HashSet<string> Names(IEnumerable<ObservedSwarmObject> objects) => objects.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

    private sealed class Builder(string stack)
    {
        private readonly List<StackOperation> _operations = [];
        private readonly List<string> _warnings = [];

        public void Add(StackOperationKind kind, string subject, string cause, string? id = null) =>
            _operations.Add(new StackOperation(_operations.Count + 1, kind, subject, cause, id));

        public void Warn(string warning) => _warnings.Add(warning);

        public StackPlan Build() => new(stack, [.. _operations], [.. _warnings]);
    }
}
