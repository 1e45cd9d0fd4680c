using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Commands;

/// <summary>`create`: what `up --no-start` does (images, networks, volumes, containers), under Compose's own verb.</summary>
internal static class CreateCommand
{
    public static Command Create()
    {
        var converge = new ConvergeFlags();
        var services = Args.Services();
        var command = new Command("create", "Creates containers for a service");
        converge.AddTo(command);
        command.Arguments.Add(services);
        command.SetAction(async (parse, cancel) =>
        {
            converge.Check(parse);
            var project = ProjectSession.Load(parse);
            var desired = converge.Pull.Apply(parse, DesiredStateBuilder.Build(project, parse.GetValue(services) ?? [], true, converge.Scale(parse), parse.GetValue(GlobalOptions.AllResources)));
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(parse, terminal, cancel);
            await UpCommand.ConvergeAsync(session, session.Reconciler(project, quietPull: converge.Pull.Quiet(parse)), project.Name, desired, converge.Policy(parse),
                converge.Options(parse, noStart: true), terminal, cancel);
            return 0;
        });
        return command;
    }
}
