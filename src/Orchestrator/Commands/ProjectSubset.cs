using System.Collections.Immutable;
using Composer.Model;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `config SERVICE...`: the project cut down to the services named and those they depend on, with
/// only the networks, volumes, configs and secrets those use (as docker compose prints it).
/// </summary>
internal static class ProjectSubset
{
    public static Project Of(Project project, string[] named)
    {
        if (named.Length == 0) return project;
        var kept = ServiceGraph.Build(project).WithDependencies(named);
        var services = project.Services.Where(s => kept.Contains(s.Key)).ToImmutableSortedDictionary(StringComparer.Ordinal);
        var networks = services.Values.SelectMany(s => s.Networks.Keys).ToHashSet(StringComparer.Ordinal);
        var volumes = services.Values.SelectMany(s => s.Volumes).Where(v => v.Type == VolumeType.Volume && v.Source is not null)
            .Select(v => v.Source!).ToHashSet(StringComparer.Ordinal);
        var configs = services.Values.SelectMany(s => s.Configs).Select(c => c.Source).ToHashSet(StringComparer.Ordinal);
        var secrets = services.Values.SelectMany(s => s.Secrets).Select(c => c.Source).ToHashSet(StringComparer.Ordinal);
        return project with
        {
            Services = services,
            Networks = project.Networks.Where(n => networks.Contains(n.Key)).ToImmutableSortedDictionary(StringComparer.Ordinal),
            Volumes = project.Volumes.Where(v => volumes.Contains(v.Key)).ToImmutableSortedDictionary(StringComparer.Ordinal),
            Configs = project.Configs.Where(c => configs.Contains(c.Key)).ToImmutableSortedDictionary(StringComparer.Ordinal),
            Secrets = project.Secrets.Where(c => secrets.Contains(c.Key)).ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
    }
}
