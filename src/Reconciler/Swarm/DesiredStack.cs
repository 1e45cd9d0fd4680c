using System.Collections.Immutable;
using Composer.Engine;

namespace Composer.Reconciler.Swarm;

/// <summary>What a compose project asks of a swarm: services, overlay networks, configs, secrets.</summary>
public sealed record DesiredStack(
    string Name,
    ImmutableArray<DesiredStackService> Services,
    ImmutableArray<DesiredStackNetwork> Networks,
    ImmutableArray<DesiredSwarmObject> Configs,
    ImmutableArray<DesiredSwarmObject> Secrets,
    ImmutableArray<string> Warnings);

/// <param name="Service">The compose service key.</param>
/// <param name="Spec">The spec to send, its <see cref="StackLabels.SpecHash"/> label already set. Copy before changing it.</param>
public sealed record DesiredStackService(string Service, string SpecHash, ServiceSpec Spec)
{
    public string Name => Spec.Name;
}

public sealed record DesiredStackNetwork(string Name, NetworkCreateRequest Request);

/// <param name="Key">The top-level key in the compose file.</param>
/// <param name="Spec">Name (content-versioned), labels and data.</param>
public sealed record DesiredSwarmObject(string Key, SwarmObjectSpec Spec)
{
    public string Name => Spec.Name;
}
