using Composer.Model;
using System.Collections.Immutable;

namespace Composer.Reconciler.State;

/// <summary>
/// What the planner needs to know of a project: each service reduced to the facts that decide
/// operations (hash, replicas, image, dependencies). Built from a Model project by
/// <see cref="DesiredStateBuilder"/>; small enough to write by hand in planner tests.
/// </summary>
public sealed record DesiredState(
    string Project,
    ImmutableArray<DesiredService> Services,
    ImmutableArray<string> Networks,
    ImmutableArray<string> Volumes,
    ImmutableHashSet<string> AllServiceNames)
{
    public DesiredService? Find(string name) => Services.FirstOrDefault(s => s.Name == name);
}

/// <summary>
/// An edge to another service. <see cref="Hard"/> edges (links, volumes_from, network_mode:
/// service:X) bind to the dependency's container itself, so a recreated dependency forces the
/// dependent to be recreated too.
/// </summary>
public sealed record DesiredDependency(string Service, DependencyCondition Condition, bool Hard, bool Required = true);

public enum ImageSource { Pull, Build }

public sealed record DesiredService(
    string Name,
    string ConfigHash,
    int Replicas,
    string Image,
    ImageSource Source,
    ImmutableArray<DesiredDependency> DependsOn,
    ImmutableArray<string> Networks,
    ImmutableArray<string> Volumes,
    string? ContainerName = null,
    PullPolicy? Pull = null,
    StartFirstUpdate? StartFirst = null,
    string NameSeparator = "-")
{
    /// <summary>pull_policy, or the verb's --pull in its place; none is "missing".</summary>
    public PullPolicy PullPolicy => Pull ?? PullPolicy.Missing;

    /// <summary>container_name, else the project's rule (<see cref="Project.DefaultContainerName"/>).</summary>
    public string ContainerNameFor(string project, int number) =>
        ContainerName ?? Composer.Model.Project.ReplicaName(project, Name, number, NameSeparator);
}

/// <summary>
/// `deploy.update_config.order: start-first`: how replacements roll out, or, when
/// <see cref="Blocker"/> is set, why two containers of the service cannot run side by side (so
/// they are replaced stop-first after all).
/// </summary>
public sealed record StartFirstUpdate(Rollout.RolloutSettings Settings, string? Blocker);
