using System.Collections.Immutable;
using Composer.Engine;

namespace Composer.Reconciler.Swarm;

/// <summary>One snapshot of a stack's objects in the swarm, found by the stack namespace label.</summary>
public sealed record ObservedStack(
    ImmutableArray<ObservedStackService> Services,
    ImmutableArray<ObservedSwarmObject> Networks,
    ImmutableArray<ObservedSwarmObject> Configs,
    ImmutableArray<ObservedSwarmObject> Secrets)
{
    public static readonly ObservedStack Empty = new([], [], [], []);

    public bool IsEmpty => Services.IsEmpty && Networks.IsEmpty && Configs.IsEmpty && Secrets.IsEmpty;
}

/// <param name="Replicas">Null for global services.</param>
/// <param name="Spec">As the engine holds it (kept so an update can carry values we do not own, like ForceUpdate).</param>
public sealed record ObservedStackService(string Id, string Name, long Version, string? SpecHash, long? Replicas, ServiceSpec? Spec);

/// <param name="ObjectName">For configs and secrets: the unversioned name this version belongs to.</param>
public sealed record ObservedSwarmObject(string Id, string Name, string? ObjectName = null);

/// <summary>Reads a stack's services, networks, configs and secrets from the swarm.</summary>
public sealed class ObservedStackReader(ISwarmClient swarm)
{
    public async Task<ObservedStack> ReadAsync(string stack, CancellationToken cancellationToken)
    {
        string[] filter = [StackLabels.Filter(stack)];
        var services = swarm.ListServicesAsync(filter, cancellationToken);
        var networks = swarm.ListNetworksAsync(filter, cancellationToken);
        var configs = swarm.ListConfigsAsync(filter, cancellationToken);
        var secrets = swarm.ListSecretsAsync(filter, cancellationToken);
        await Task.WhenAll(services, networks, configs, secrets).ConfigureAwait(false);
        return new ObservedStack(
            [.. (await services.ConfigureAwait(false)).Select(Service).OrderBy(s => s.Name, StringComparer.Ordinal)],
            [.. (await networks.ConfigureAwait(false)).Select(n => new ObservedSwarmObject(n.Id, n.Name)).OrderBy(n => n.Name, StringComparer.Ordinal)],
            Objects(await configs.ConfigureAwait(false)),
            Objects(await secrets.ConfigureAwait(false)));
    }

    private static ObservedStackService Service(SwarmService service) => new(
        service.ID,
        service.Spec?.Name ?? service.ID,
        service.Version?.Index ?? 0,
        service.Spec?.Labels?.GetValueOrDefault(StackLabels.SpecHash),
        service.Spec?.Mode?.Replicated?.Replicas,
        service.Spec);

    private static ImmutableArray<ObservedSwarmObject> Objects(IEnumerable<SwarmObject> objects) =>
        [.. objects.Select(o => new ObservedSwarmObject(o.ID, o.Spec?.Name ?? o.ID, o.Spec?.Labels?.GetValueOrDefault(StackLabels.ObjectName)))
            .OrderBy(o => o.Name, StringComparer.Ordinal)];
}
