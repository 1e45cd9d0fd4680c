using System.CommandLine;
using Composer.Model;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `restart`: as docker compose, the services named and, unless --no-deps, those that depend on
/// them with `restart: true`, in dependency order (a dependency is back before its dependents go).
/// </summary>
internal static class RestartCommand
{
    public static Command Create()
    {
        var timeout = Args.Value<int?>("--timeout", "Specify a shutdown timeout in seconds", "-t");
        var noDeps = Args.Flag("--no-deps", "Don't restart dependent services");
        var services = Args.Services();
        var command = new Command("restart", "Restart service containers") { timeout, noDeps, services };
        command.SetAction(async (parse, cancel) =>
        {
            var target = ProjectSession.LoadOrName(parse);
            var selected = target.Services(parse, services);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            var restarted = target.Project is { } project && selected.Length > 0 && !parse.GetValue(noDeps)
                ? WithRestartingDependents(project, selected) : selected;
            var containers = await ProjectContainers.ListAsync(session.Engine, target.Name, restarted, all: true, cancel);
            foreach (var level in InDependencyOrder(target.Project, containers))
            {
                await Task.WhenAll(level.Select(async c =>
                {
                    await session.Engine.RestartContainerAsync(c.Id, LifecycleCommands.GraceSeconds(parse, timeout, target, c), cancel);
                    terminal.Status($" Container {ProjectContainers.Name(c)}  Restarted");
                }));
            }
            return 0;
        });
        return command;
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
    private static IEnumerable<List<Engine.ContainerSummary>> InDependencyOrder(Project? project, List<Engine.ContainerSummary> containers)
    {
        if (project is null) return [containers];
        var levels = ServiceGraph.Build(project).TopologicalLevels;
        int LevelOf(string service) => levels.Select((level, index) => (level, index)).FirstOrDefault(l => l.level.Contains(service)).index;
        return containers.GroupBy(c => LevelOf(ProjectContainers.ServiceOf(c))).OrderBy(g => g.Key).Select(g => g.ToList());
    }
}
