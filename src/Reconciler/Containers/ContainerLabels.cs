using Composer.Model;

namespace Composer.Reconciler.Containers;

/// <summary>The labels we put on a service's container, as Compose v2 writes them.</summary>
internal static class ContainerLabels
{
    public static Dictionary<string, string> For(Project project, ServiceConfig service, int number, bool oneOff, string configHash)
    {
        var labels = new Dictionary<string, string>(service.Labels, StringComparer.Ordinal)
        {
            [ComposeLabels.Project] = project.Name,
            [ComposeLabels.Service] = service.Name,
            [ComposeLabels.ContainerNumber] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ComposeLabels.OneOff] = oneOff ? ComposeLabels.True : ComposeLabels.False,
            [ComposeLabels.ConfigHash] = configHash,
            [ComposeLabels.WorkingDir] = project.WorkingDirectory,
            [ComposeLabels.ConfigFiles] = string.Join(',', project.ConfigFiles),
            [ComposeLabels.Version] = ComposeLabels.CompatibleVersion,
            [ComposeLabels.DependsOn] = string.Join(',', service.DependsOn.Select(d => $"{d.Key}:{d.Value.Condition.ComposeName()}:{(d.Value.Restart ? "true" : "false")}")),
        };
        return labels;
    }
}
