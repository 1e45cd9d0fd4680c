using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Commands;

internal static class DownCommand
{
    public static Command Create()
    {
        var volumes = Args.Flag("--volumes", "Remove named volumes declared in the volumes section of the Compose file and anonymous volumes attached to containers", "-v");
        var rmi = Args.Value<string?>("--rmi", "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")");
        var removeOrphans = Args.Flag("--remove-orphans", "Remove containers for services not defined in the Compose file");
        var timeout = Args.Value<int?>("--timeout", "Specify a shutdown timeout in seconds", "-t");
        // The global --dry-run: this verb prints its plan instead of walking it.
        var dryRun = GlobalOptions.DryRun;
        var command = new Command("down", "Stop and remove containers, networks") { volumes, rmi, removeOrphans, timeout };

        command.SetAction(async (parse, cancel) =>
        {
            var images = parse.GetValue(rmi) switch
            {
                null => RemoveImages.None,
                "local" => RemoveImages.Local,
                "all" => RemoveImages.All,
                var other => throw new UsageException($"--rmi: invalid value '{other}' (expected local or all)"),
            };
            var target = ProjectSession.LoadOrName(parse);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            var options = new DownOptions { RemoveVolumes = parse.GetValue(volumes), RemoveOrphans = parse.GetValue(removeOrphans) || ComposeVariables.RemoveOrphans, RemoveImages = images };
            var project = target.Project ?? Model.Project.Empty(target.Name, Environment.CurrentDirectory);
            await DownAsync(session, project, options, parse.GetValue(timeout), parse.GetValue(dryRun), terminal, cancel, byLabelsAlone: target.Project is null);
            return 0;
        });
        return command;
    }

    /// <summary>The project's containers and networks removed (volumes and images as <paramref name="options"/> say), under its lock.</summary>
    /// <param name="byLabelsAlone">No compose file: what the engine labels as the project's is removed, as docker compose does.</param>
    public static async Task DownAsync(EngineSession session, Model.Project project, DownOptions options, int? stopTimeout, bool dryRun,
        Output.Terminal terminal, CancellationToken cancel, bool byLabelsAlone = false)
    {
        var desired = DesiredStateBuilder.Build(project, []);
        using var projectLock = await ProjectLock.AcquireAsync(project.Name, terminal, cancel);
        var reconciler = session.Reconciler(project, stopTimeout: stopTimeout);
        var plan = byLabelsAlone ? await reconciler.PlanDownByLabelsAsync(options, cancel) : await reconciler.PlanDownAsync(desired, options, cancel);
        if (dryRun) { terminal.Line(plan.ToString().TrimEnd()); return; }
        // First, or the agent would bring back what this removes.
        if (await Agent.Registration.RemoveAsync(project.Name, terminal.Warn, cancel)) terminal.Status($"{project.Name}: unregistered from the agent");
        foreach (var warning in plan.Warnings) terminal.Warn(warning);
        await session.ShowProgressAsync(() => reconciler.ExecuteAsync(desired, plan, cancel, removeVolumes: options.RemoveVolumes));
    }
}
