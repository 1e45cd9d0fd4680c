using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Containers;

/// <summary>
/// A container that runs a service once (`composer run`, scheduled jobs): named
/// `<project>-<service>-run-<id>`, labelled one-off, never published on the service's ports,
/// never restarted by the engine.
/// </summary>
public static class OneOffContainer
{
    public static string NewName(Project project, string service) =>
        $"{project.Name}-{service}-run-{Guid.NewGuid().ToString("N")[..12]}";

    public static ContainerCreateRequest Spec(Project project, ServiceConfig service, DesiredService wanted) =>
        new ContainerSpecFactory(project).Create(service with { Ports = [], ContainerName = null }, 1, wanted.ConfigHash, wanted.Image,
            other => (project.Services.TryGetValue(other, out var config) ? config.ContainerName : null) ?? $"{project.Name}-{other}-1",
            oneOff: true);
}
