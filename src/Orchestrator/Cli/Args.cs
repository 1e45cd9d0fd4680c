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

    /// <summary>A value from a fixed list; anything else is refused naming the flag and the choices.</summary>
    public static Option<string?> Choice(string name, string description, params string[] choices)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !choices.Contains(value, StringComparer.Ordinal))
                result.AddError($"invalid {name} value '{value}': use {string.Join(", ", choices)}");
        });
        return option;
    }

    public static Argument<string[]> Services() => NoFlags(new Argument<string[]>("SERVICE") { Arity = ArgumentArity.ZeroOrMore, Description = "Services (default: all)" });

    public static Argument<string> Service() => NoFlags(new Argument<string>("SERVICE") { Description = "Service name" });

    /// <summary>
    /// The parser hands a word it does not know to an argument that takes any word; a service never
    /// starts with a dash, so such a word is an unknown flag (`ps --foo`), not a service named "--foo".
    /// </summary>
    private static Argument<T> NoFlags<T>(Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value.Length > 1))
                result.AddError($"unknown flag: {token.Value}");
        });
        return argument;
    }

    /// <summary>Everything after the service: the command to run, passed through untouched.</summary>
    public static Argument<string[]> Command() => new("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Description = "Command and arguments" };
}
