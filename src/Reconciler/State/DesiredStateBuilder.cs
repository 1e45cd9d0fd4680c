using System.Collections.Immutable;
using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>Project (the Model's view) -> DesiredState (the planner's view).</summary>
public static class DesiredStateBuilder
{
    /// <param name="selected">Services asked for on the command line; empty means all.</param>
    /// <param name="withDependencies">False for --no-deps.</param>
    /// <param name="scale">--scale overrides.</param>
    /// <param name="allResources">
    /// --all-resources: every declared network and volume, used or not. Otherwise, as docker compose
    /// (compose-go's WithoutUnnecessaryResources), only those the wanted services use.
    /// </param>
    public static DesiredState Build(Project project, IReadOnlyCollection<string> selected, bool withDependencies = true,
        IReadOnlyDictionary<string, int>? scale = null, bool allResources = false)
    {
        var graph = ServiceGraph.Build(project);
        var wanted = Select(project, graph, selected, withDependencies);
        var ordered = graph.TopologicalLevels.SelectMany(level => level.Order(StringComparer.Ordinal)).Where(wanted.Contains);

        var services = ordered.Select(name => ToDesired(project, graph, project.Services[name], scale)).ToImmutableArray();
        var networks = project.Networks.Values.Where(n => !n.External).Select(n => n.Name)
            .Where(n => allResources || services.Any(s => s.Networks.Contains(n))).Order(StringComparer.Ordinal).ToImmutableArray();
        var volumes = project.Volumes.Values.Where(v => !v.External).Select(v => v.Name)
            .Where(v => allResources || services.Any(s => s.Volumes.Contains(v))).Order(StringComparer.Ordinal).ToImmutableArray();
        return new DesiredState(project.Name, services, networks, volumes,
            project.Services.Keys.Concat(project.DisabledServices.Keys).ToImmutableHashSet());
    }

    private static HashSet<string> Select(Project project, ServiceGraph graph, IReadOnlyCollection<string> selected, bool withDependencies)
    {
        // Scheduled jobs run when their schedule fires (the agent), or when named (`run`), never by plain `up`.
        if (selected.Count == 0) return [.. project.Services.Values.Where(s => !Scheduling.JobSchedule.IsScheduled(s)).Select(s => s.Name)];
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in selected)
        {
            if (!project.Services.ContainsKey(name)) throw new UnknownServiceException(name);
            wanted.Add(name);
            if (withDependencies) wanted.UnionWith(graph.DependenciesOf(name, transitive: true));
        }
        return wanted;
    }

    private static DesiredService ToDesired(Project project, ServiceGraph graph, ServiceConfig service, IReadOnlyDictionary<string, int>? scale)
    {
        var networks = service.NetworkMode is null
            ? service.Networks.Keys.Select(key => project.Networks[key].Name).ToImmutableArray()
            : [];
        var volumes = service.Volumes
            .Where(v => v.Type == VolumeType.Volume && v.Source is not null && project.Volumes.ContainsKey(v.Source))
            .Select(v => project.Volumes[v.Source!].Name).Distinct().ToImmutableArray();
        return new DesiredService(
            service.Name,
            ServiceHash.Compute(service),
            scale?.GetValueOrDefault(service.Name, service.Scale) ?? service.Scale,
            project.ImageName(service),
            service.Build is null ? ImageSource.Pull : ImageSource.Build,
            Dependencies(service, graph),
            networks,
            volumes,
            service.ContainerName,
            Pull: service.PullPolicy is null ? null : PullPolicy.Of(service),
            StartFirst: service.Deploy?.UpdateConfig?.Order == "start-first"
                ? new StartFirstUpdate(Rollout.RolloutSettings.Of(service), Rollout.RolloutSettings.StartFirstBlocker(service))
                : null,
            NameSeparator: project.ContainerNameSeparator);
    }

    /// <summary>
    /// The graph's edges out of <paramref name="service"/>, so the planner orders by the same edges the loader
    /// checked. A non-depends_on edge is hard: the engine is given the dependency's container by name (links,
    /// volumes_from, network_mode/ipc/pid), so it must exist first and its recreation recreates this one.
    /// A depends_on entry on a service that is not in the project (required: false) has no edge; it is kept
    /// for the planner, which skips it.
    /// </summary>
    private static ImmutableArray<DesiredDependency> Dependencies(ServiceConfig service, ServiceGraph graph)
    {
        var edges = graph.EdgesFrom(service.Name);
        var hard = edges.Where(e => e.Kind != EdgeKind.DependsOn).Select(e => e.To).ToHashSet(StringComparer.Ordinal);
        var dependencies = service.DependsOn.Select(d => new DesiredDependency(d.Key, d.Value.Condition, hard.Contains(d.Key), d.Value.Required)).ToList();
        dependencies.AddRange(hard.Where(h => !service.DependsOn.ContainsKey(h)).Select(h => new DesiredDependency(h, DependencyCondition.ServiceStarted, true)));
        return [.. dependencies.OrderBy(e => e.Service, StringComparer.Ordinal)];
    }
}

public sealed class UnknownServiceException(string name) : Exception($"no such service: {name}")
{
    public string Service { get; } = name;
}
