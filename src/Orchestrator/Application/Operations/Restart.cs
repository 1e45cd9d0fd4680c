using Composer.Engine;
using Composer.Model;

namespace Composer.Orchestrator.Application;

/// <summary>`restart`: <see cref="Timeout"/> seconds of grace (else stop_grace_period); with <see cref="NoDeps"/>, no dependents.</summary>
internal sealed record RestartRequest(IReadOnlyList<string> Services)
{
    public int? Timeout { get; init; }
    public bool NoDeps { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>
    /// As docker compose: the services named and, unless --no-deps, those that depend on them with
    /// `restart: true`, in dependency order (a dependency is back before its dependents go).
    /// </summary>
    public async Task RestartAsync(ProjectTarget target, RestartRequest request, CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        var restarted = target.Project is { } project && selected.Length > 0 && !request.NoDeps
            ? WithRestartingDependents(project, selected) : selected;
        var containers = await ProjectContainers.ListAsync(Engine, target.Name, restarted, all: true, cancellationToken).ConfigureAwait(false);
        var hooks = Hooks(target);
        foreach (var level in InDependencyOrder(target.Project, containers))
        {
            await Task.WhenAll(level.Select(async c =>
            {
                // As docker compose's restart: pre_stop before, post_start after (pre_stop only finds a running container).
                var service = ProjectContainers.ServiceOf(c);
                await hooks.BeforeStopAsync(service, c.Id, cancellationToken).ConfigureAwait(false);
                await Engine.RestartContainerAsync(c.Id, GraceSeconds(request.Timeout, target, c), cancellationToken).ConfigureAwait(false);
                await hooks.AfterStartAsync(service, c.Id, cancellationToken).ConfigureAwait(false);
                Terminal.Status($" Container {ProjectContainers.Name(c)}  Restarted");
            })).ConfigureAwait(false);
        }
    }

    /// <summary>The named services and, transitively, every service whose depends_on names one of them with `restart: true`.</summary>
    public static string[] WithRestartingDependents(Project project, IEnumerable<string> named)
    {
        var result = new SortedSet<string>(named, StringComparer.Ordinal);
        var queue = new Queue<string>(result);
        while (queue.TryDequeue(out var restarted))
        {
            foreach (var (name, service) in project.Services)
                if (service.DependsOn.TryGetValue(restarted, out var dependency) && dependency.Restart && result.Add(name))
                    queue.Enqueue(name);
        }
        return [.. result];
    }

    /// <summary>Containers grouped by their service's dependency level (all in one group without a compose file).</summary>
    private static IEnumerable<List<ContainerSummary>> InDependencyOrder(Project? project, List<ContainerSummary> containers)
    {
        if (project is null) return [containers];
        var levels = ServiceGraph.Build(project).TopologicalLevels;
        int LevelOf(string service) => levels.Select((level, index) => (level, index)).FirstOrDefault(l => l.level.Contains(service)).index;
        return containers.GroupBy(c => LevelOf(ProjectContainers.ServiceOf(c))).OrderBy(g => g.Key).Select(g => g.ToList());
    }
}
