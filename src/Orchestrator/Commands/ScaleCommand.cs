using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `composer scale SERVICE=REPLICAS...`: creates or removes replicas of the named services (their
/// dependencies too, unless --no-deps), as docker compose does. With the agent running and the
/// project registered, the counts join its desired state, so the agent keeps them.
/// </summary>
internal static class ScaleCommand
{
    public static Command Create()
    {
        var replicas = new Argument<string[]>("SERVICE=REPLICAS") { Description = "Services and their replica counts", Arity = ArgumentArity.OneOrMore };
        var noDeps = Args.Flag("--no-deps", "Don't start linked services");
        // The global --dry-run: this verb prints its plan instead of walking it.
        var dryRun = GlobalOptions.DryRun;
        var command = new Command("scale", "Scale services") { replicas, noDeps };
        command.SetAction(async (parse, cancel) =>
        {
            var scale = ScaleParser.Parse(parse.GetValue(replicas), "SERVICE=REPLICAS");
            var project = ProjectSession.Load(parse);
            ProjectSession.Declared(project, [.. scale.Keys]);
            var desired = DesiredStateBuilder.Build(project, [.. scale.Keys], !parse.GetValue(noDeps), scale);
            var terminal = CommandLine.Terminal(parse);

            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            using var agent = parse.GetValue(dryRun) ? null : await Agent.AgentClient.ConnectAsync(cancel);
            var reconciler = session.Reconciler(project, supervisedRestarts: agent is not null);
            if (parse.GetValue(dryRun))
            {
                terminal.Line((await reconciler.PlanUpAsync(desired, new UpOptions(), cancel)).ToString().TrimEnd());
                return 0;
            }
            // Told under the lock, as `up` registers: the agent's next pass keeps these counts.
            Func<Task>? tellAgent = agent is null ? null : async () =>
            {
                if (await agent.ScaleAsync(project.Name, scale, cancel)) terminal.Status($"{project.Name}: the agent keeps the new scale");
            };
            await UpCommand.ConvergeAsync(session, reconciler, project.Name, desired, BuildPolicy.IfMissing, new UpOptions(), terminal, cancel,
                whileLocked: tellAgent);
            return 0;
        });
        return command;
    }
}
