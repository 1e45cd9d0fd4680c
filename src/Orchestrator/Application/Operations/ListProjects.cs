using Composer.Model;
using Composer.Reconciler;

namespace Composer.Orchestrator.Application;

/// <summary>`ls`: the projects with a running container (all with <see cref="All"/>) whose names pass <see cref="ProjectNameFilter"/>.</summary>
internal sealed record ListProjectsRequest
{
    public bool All { get; init; }
    /// <summary>--filter name=X values, as <see cref="ProjectNameFilter.Parse"/> reads them; none keeps every project.</summary>
    public IReadOnlyCollection<string> Names { get; init; } = [];
}

/// <summary>One project as the engine's labels show it: its containers counted, the compose files it was made from.</summary>
internal sealed record ProjectSummary(string Name, int Running, int Total, string ConfigFiles)
{
    /// <summary>As docker compose words it.</summary>
    public string Status => Running == Total ? $"running({Running})" : $"running({Running}), exited({Total - Running})";
}

internal sealed partial class ComposeService
{
    /// <summary>Every project with containers on the engine, found by label and sorted by name, for the verb to list.</summary>
    public async Task<List<ProjectSummary>> ListProjectsAsync(ListProjectsRequest request, CancellationToken cancellationToken)
    {
        var containers = await Engine.ListContainersAsync(all: true, labelFilters: [ComposeLabels.Project], cancellationToken).ConfigureAwait(false);
        return [.. containers.GroupBy(c => c.Labels![ComposeLabels.Project]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ProjectSummary(g.Key, g.Count(c => c.State == "running"), g.Count(),
                g.First().Labels!.GetValueOrDefault(ComposeLabels.ConfigFiles) ?? ""))
            .Where(p => (request.All || p.Running > 0) && ProjectNameFilter.Matches(request.Names, p.Name))];
    }
}
