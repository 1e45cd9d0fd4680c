using Composer.Model;
using Composer.Engine;
using Composer.Reconciler;

namespace Composer.Orchestrator.Application;

/// <summary>A project's containers as the engine lists them, found by label, sorted by name.</summary>
internal static class ProjectContainers
{
    public static async Task<List<ContainerSummary>> ListAsync(IEngineClient engine, string project, IReadOnlyCollection<string> services,
        bool all, CancellationToken cancellationToken, bool includeOneOff = false)
    {
        var filters = new List<string> { $"{ComposeLabels.Project}={project}" };
        if (!includeOneOff) filters.Add($"{ComposeLabels.OneOff}={ComposeLabels.False}");
        var containers = await engine.ListContainersAsync(all, filters, cancellationToken).ConfigureAwait(false);
        return [.. containers
            .Where(c => services.Count == 0 || services.Contains(ServiceOf(c)))
            .OrderBy(Name, StringComparer.Ordinal)];
    }

    public static string Name(ContainerSummary container) => (container.Names?.FirstOrDefault() ?? container.Id).TrimStart('/');

    public static string ServiceOf(ContainerSummary container) =>
        container.Labels?.GetValueOrDefault(ComposeLabels.Service) ?? "";

    public static int NumberOf(ContainerSummary container) =>
        int.TryParse(container.Labels?.GetValueOrDefault(ComposeLabels.ContainerNumber), out var n) ? n : 0;
}
