using System.CommandLine;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`composer help [VERB]`: the same text as `composer [VERB] --help`, as docker compose's help command gives.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root)
    {
        var topic = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Description = "The command to explain (default: all)" };
        var command = new Command("help", "Help about any command") { topic };
        command.SetAction(parse =>
        {
            var words = parse.GetValue(topic) ?? [];
            var unknown = words.FirstOrDefault(w => root.Subcommands.All(c => c.Name != w && !c.Aliases.Contains(w)));
            if (unknown is not null)
            {
                Console.Error.WriteLine($"unknown help topic: \"{unknown}\"");
                return UsageErrors.SyntaxExitCode;
            }
            return root.Parse([.. words, "--help"]).Invoke();
        });
        return command;
    }
}
