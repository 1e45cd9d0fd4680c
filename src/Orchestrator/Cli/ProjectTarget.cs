using System.CommandLine;
using Composer.Model;

namespace Composer.Orchestrator.Cli;

/// <summary>
/// The project a verb acts on: loaded from its compose file, or known only by name (-p without a
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
    /// The services named on the command line (none means all). With a compose file each must be
    /// declared (`no such service: X`); without one they cannot be checked, and select by label.
    /// </summary>
    public string[] Services(ParseResult parse, Argument<string[]> services) =>
        Project is null ? parse.GetValue(services) ?? [] : ProjectSession.SelectedServices(parse, services, Project);

    /// <summary>One service named on the command line, checked as <see cref="Services"/> checks them.</summary>
    public string Service(ParseResult parse, Argument<string> service)
    {
        var name = parse.GetValue(service)!;
        if (Project is not null) ProjectSession.Declared(Project, name);
        return name;
    }
}
