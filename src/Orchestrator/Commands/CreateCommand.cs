using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

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
            var request = converge.Request(parse, parse.GetValue(services) ?? []);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            await compose.CreateAsync(project, request, cancel);
            return 0;
        });
        return command;
    }
}
