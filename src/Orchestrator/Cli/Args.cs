using System.CommandLine;

namespace Composer.Orchestrator.Cli;

/// <summary>Small factories so each verb declares its flags in one line apiece.</summary>
internal static class Args
{
    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    public static Option<T> Value<T>(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    public static Option<string[]> Many(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, AllowMultipleArgumentsPerToken = false };

    /// <summary>`--format TEXT|json`, checked by the parser (a bad value names the choices).</summary>
    public static Option<string> Format(string text)
    {
        var option = new Option<string>("--format") { Description = $"Format the output: {text} (default) or json", DefaultValueFactory = _ => text };
        option.AcceptOnlyFromAmong(text, "json");
        return option;
    }

    public static Argument<string[]> Services() => new("SERVICE") { Arity = ArgumentArity.ZeroOrMore, Description = "Services (default: all)" };

    public static Argument<string> Service() => new("SERVICE") { Description = "Service name" };

    /// <summary>Everything after the service: the command to run, passed through untouched.</summary>
    public static Argument<string[]> Command() => new("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Description = "Command and arguments" };
}
