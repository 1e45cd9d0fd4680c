using System.Collections.Immutable;
using Composer.Model;
using Composer.Model.Loading;

namespace Composer.Orchestrator.Application;

/// <summary>
/// The ports a `run` container publishes, with docker compose's rules: none by default (the
/// service's running containers may hold them), the service's own with --service-ports, exactly
/// the -p/--publish ones otherwise; the two flags together are refused.
/// </summary>
internal static class RunPorts
{
    public static ImmutableArray<PortConfig> Published(ServiceConfig service, string[] publish, bool servicePorts)
    {
        if (servicePorts && publish.Length > 0) throw new UsageException("--service-ports and --publish are incompatible");
        if (servicePorts) return service.Ports;
        var ports = ImmutableArray.CreateBuilder<PortConfig>();
        foreach (var spec in publish)
        {
            if (!Syntax.TryParsePort(spec, out var parsed, out var error)) throw new UsageException($"--publish {spec}: {error}");
            ports.AddRange(parsed);
        }
        return ports.ToImmutable();
    }
}
