using System.Collections.Immutable;
using Composer.Model;
using DependencyCondition = Composer.Reconciler.State.DependencyCondition;

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

        var services = ordered.Select(name => ToDesired(project, project.Services[name], scale)).ToImmutableArray();
        var networks = project.Networks.Values.Where(n => !n.External).Select(n => n.Name)
            .Where(n => allResources || services.Any(s => s.Networks.Contains(n))).Order(StringComparer.Ordinal).ToImmutableArray();
        var volumes = project.Volumes.Values.Where(v => !v.External).Select(v => v.Name)
            .Where(v => allResources || services.Any(s => s.Volumes.Contains(v))).Order(StringComparer.Ordinal).ToImmutableArray();
        return new DesiredState(project.Name, services, networks, volumes,
            project.Services.Keys.Concat(project.DisabledServices.Keys).ToImmutableHashSet());
    }

    public static string ImageOf(Project project, ServiceConfig service) =>
        service.Image ?? $"{project.Name}-{service.Name}";

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

    private static DesiredService ToDesired(Project project, ServiceConfig service, IReadOnlyDictionary<string, int>? scale)
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
            ImageOf(project, service),
            service.Build is null ? ImageSource.Pull : ImageSource.Build,
            Dependencies(service),
            networks,
            volumes,
            service.ContainerName,
            Pull: service.PullPolicy is null ? null : PullPolicy.Parse(service.PullPolicy),
            StartFirst: service.Deploy?.UpdateConfig?.Order == "start-first"
                ? new StartFirstUpdate(Rollout.RolloutSettings.Of(service), Rollout.RolloutSettings.StartFirstBlocker(service))
                : null,
            NameSeparator: project.ContainerNameSeparator);
    }

    private static ImmutableArray<DesiredDependency> Dependencies(ServiceConfig service)
    {
        // A service whose container the engine is given by name (links, volumes_from, network_mode/ipc/pid) must exist first.
        var hard = ServiceReferences.ContainersNamed(service).ToHashSet(StringComparer.Ordinal);

        var edges = service.DependsOn.Select(d => new DesiredDependency(d.Key, Condition(d.Value.Condition), hard.Contains(d.Key), d.Value.Required))
            .ToList();
        edges.AddRange(hard.Where(h => !service.DependsOn.ContainsKey(h)).Select(h => new DesiredDependency(h, DependencyCondition.Started, true)));
        return [.. edges.OrderBy(e => e.Service, StringComparer.Ordinal)];
    }

    private static DependencyCondition Condition(Model.DependencyCondition condition) => condition switch
    {
        Model.DependencyCondition.ServiceHealthy => DependencyCondition.Healthy,
        Model.DependencyCondition.ServiceCompletedSuccessfully => DependencyCondition.CompletedSuccessfully,
        _ => DependencyCondition.Started,
    };
}

public sealed class UnknownServiceException(string name) : Exception($"no such service: {name}")
{
    public string Service { get; } = name;
}
