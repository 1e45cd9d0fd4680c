using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Commands;

/// <summary>`--pull POLICY` and `--quiet-pull` of up, create and run.</summary>
internal sealed class PullFlags
{
    private readonly Option<string?> _pull = Args.Choice("--pull", "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")", PullPolicy.FlagValues);
    private readonly Option<bool> _quiet = Args.Flag("--quiet-pull", "Pull without printing progress information");

    public void AddTo(Command command)
    {
        command.Options.Add(_pull);
        command.Options.Add(_quiet);
    }

    public bool Quiet(ParseResult parse) => parse.GetValue(_quiet);

    /// <summary>--pull's value: when given, it replaces every service's own pull_policy.</summary>
    public string? Policy(ParseResult parse) => parse.GetValue(_pull);
}
