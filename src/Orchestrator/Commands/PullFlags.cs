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

    /// <summary>As docker compose: the flag, when given, replaces every service's own pull_policy.</summary>
    public DesiredState Apply(ParseResult parse, DesiredState desired) =>
        parse.GetValue(_pull) is { } flag
            ? desired with { Services = [.. desired.Services.Select(s => s with { Pull = PullPolicy.Parse(flag) })] }
            : desired;
}
