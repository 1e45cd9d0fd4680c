using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Commands;

/// <summary>`--pull POLICY` and `--quiet-pull` of up, create and run.</summary>
internal sealed class PullFlags
{
    private readonly Option<string?> _pull = Policy();
    private readonly Option<bool> _quiet = Args.Flag("--quiet-pull", "Pull without printing progress information");

    private static Option<string?> Policy()
    {
        var option = Args.Value<string?>("--pull", "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")");
        option.AcceptOnlyFromAmong(PullPolicy.FlagValues);
        return option;
    }

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
