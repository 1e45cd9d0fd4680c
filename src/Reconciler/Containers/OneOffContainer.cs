using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Containers;

/// <summary>
/// A container that runs a service once (`composer run`, scheduled jobs): named
/// `<project>-<service>-run-<id>`, labelled one-off, published only on the ports asked for
/// (`run -p`, or the service's own with `run --service-ports`), never restarted by the engine.
/// </summary>
public static class OneOffContainer
{
    /// <param name="published">The ports to publish; none by default, so a one-off never fights the service's containers for them.</param>
    /// <param name="useAliases">
    /// `run --use-aliases`: answer to the service's name and aliases on its networks. Without it, as
    /// docker compose, a one-off has no aliases, so it never takes a share of the service's traffic.
    /// </param>
    public static ContainerCreateRequest Spec(Project project, ServiceConfig service, DesiredService wanted,
        System.Collections.Immutable.ImmutableArray<PortConfig> published = default, bool useAliases = false)
    {
        var spec = new ContainerSpecFactory(project).Create(service with { Ports = published.IsDefault ? [] : published, ContainerName = null }, 1,
            wanted.ConfigHash, wanted.Image,
            other => (project.Services.TryGetValue(other, out var config) ? config.ContainerName : null) ?? project.DefaultContainerName(other, 1),
            oneOff: true);
        if (!useAliases)
            foreach (var endpoint in spec.NetworkingConfig?.EndpointsConfig?.Values ?? Enumerable.Empty<EndpointSettings>())
                endpoint.Aliases = null;
        return spec;
    }
}
