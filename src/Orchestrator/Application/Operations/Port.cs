using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>`port SERVICE PRIVATE_PORT`: of replica <see cref="Index"/> (else the one chosen as for exec), <see cref="Protocol"/> tcp or udp.</summary>
internal sealed record PortRequest(string Service, int PrivatePort)
{
    public string Protocol { get; init; } = "tcp";
    public int? Index { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>The public binding of a container port, for the verb to print; none published is an error naming the container.</summary>
    public async Task<ContainerPort> PortAsync(ProjectTarget target, PortRequest request, CancellationToken cancellationToken)
    {
        var container = await OneReplicaAsync(target, request.Service, request.Index, cancellationToken).ConfigureAwait(false);
        return (container.Ports ?? []).FirstOrDefault(p => p.PrivatePort == request.PrivatePort && p.Type == request.Protocol && p.PublicPort > 0)
            ?? throw new UsageException($"no port {request.PrivatePort}/{request.Protocol} for container {ProjectContainers.Name(container)}");
    }
}
