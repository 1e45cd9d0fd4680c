using Composer.Model;

namespace Composer.Orchestrator.Application;

/// <summary>
/// The project an operation acts on: loaded from its compose file, or known only by name (-p without a
/// compose file), in which case what exists is found through the engine's labels.
/// </summary>
internal sealed class ProjectTarget
{
    public ProjectTarget(Project project) : this(project.Name) => Project = project;

    public ProjectTarget(string name) => Name = name;

    public string Name { get; }

    /// <summary>Null when there is no compose file: only the labels tell what the project has.</summary>
    public Project? Project { get; }

    /// <summary>
    /// The services asked for (none means all). With a compose file each must be declared
    /// (`no such service: X`); without one they cannot be checked, and select by label.
    /// </summary>
    public string[] Select(IReadOnlyList<string> services) => Project is null ? [.. services] : Declared(Project, [.. services]);

    /// <summary>The one check of service names given by the user: each must be declared, or `no such service: X` (exit 1).</summary>
    public static string[] Declared(Project project, params string[] services)
    {
        foreach (var service in services)
            if (!project.Services.ContainsKey(service)) throw new UsageException($"no such service: {service}");
        return services;
    }
}
