using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`composer scale SERVICE=REPLICAS...`.</summary>
internal static class ScaleCommand
{
    public static Command Create()
    {
        var replicas = new Argument<string[]>("SERVICE=REPLICAS") { Description = "Services and their replica counts", Arity = ArgumentArity.OneOrMore };
        var noDeps = Args.Flag("--no-deps", "Don't start linked services");
        var command = new Command("scale", "Scale services") { replicas, noDeps };
        command.SetAction(async (parse, cancel) =>
        {
            var request = new ScaleRequest(ScaleParser.Parse(parse.GetValue(replicas), "SERVICE=REPLICAS")) { NoDeps = parse.GetValue(noDeps) };
            var project = ProjectSession.Load(parse);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            await compose.ScaleAsync(project, request, cancel);
            return 0;
        });
        return command;
    }
}
