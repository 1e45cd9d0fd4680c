using Composer.Model;

namespace Composer.Reconciler.Containers;

/// <summary>The labels we put on a service's container, as Compose v2 writes them.</summary>
internal static class ComposeLabels
{
    public static Dictionary<string, string> For(Project project, ServiceConfig service, int number, bool oneOff, string configHash)
    {
        var labels = new Dictionary<string, string>(service.Labels, StringComparer.Ordinal)
        {
            [Labels.Project] = project.Name,
            [Labels.Service] = service.Name,
            [Labels.ContainerNumber] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Labels.OneOff] = oneOff ? Labels.True : Labels.False,
            [Labels.ConfigHash] = configHash,
            [Labels.WorkingDir] = project.WorkingDirectory,
            [Labels.ConfigFiles] = string.Join(',', project.ConfigFiles),
            [Labels.Version] = Labels.CompatibleVersion,
            [Labels.DependsOn] = string.Join(',', service.DependsOn.Select(d => $"{d.Key}:{Condition(d.Value.Condition)}:{(d.Value.Restart ? "true" : "false")}")),
        };
        return labels;
    }

    private static string Condition(DependencyCondition condition) => condition switch
    {
        DependencyCondition.ServiceHealthy => "service_healthy",
        DependencyCondition.ServiceCompletedSuccessfully => "service_completed_successfully",
        _ => "service_started",
    };
}
