using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Composer.Orchestrator.Cli;

/// <summary>
/// What a command line that does not parse gets back, in docker compose's terms: bare `composer`
/// prints the help and succeeds; an unknown flag or verb, or a flag value of the wrong kind, is a
/// syntax error (exit 16, docker compose's CommandSyntaxFailure); a missing argument is exit 1,
/// as cobra's argument checks give there. Messages name the flag or word, never a .NET type.
/// </summary>
internal static partial class UsageErrors
{
    public const int SyntaxExitCode = 16;

    public static int Report(ParseResult parse, RootCommand root, TextWriter stderr)
    {
        var command = parse.CommandResult.Command;
        var atRoot = command == root;
        if (atRoot && parse.UnmatchedTokens.Count == 0 && parse.Errors.All(e => e.SymbolResult is CommandResult))
            return root.Parse(["--help"]).Invoke();

        var messages = new List<string>();
        foreach (var token in parse.UnmatchedTokens)
            messages.Add(token.StartsWith('-') && token.Length > 1 ? $"unknown flag: {token}"
                : atRoot ? $"unknown command: \"{token}\"" : $"unexpected argument: {token}");
        // The parser's own words for the tokens above, and "Required command was not provided" once a verb was mistyped, are said better above.
        foreach (var error in parse.Errors.Where(e => !AboutUnmatched(e, parse) && !(atRoot && messages.Count > 0)))
            messages.Add(Translate(error.Message));

        foreach (var message in messages.Distinct()) stderr.WriteLine(message);
        var path = atRoot ? "composer" : $"composer {command.Name}";
        stderr.WriteLine($"Run '{path} --help' for usage.");
        return MissingArgument(parse) && parse.UnmatchedTokens.Count == 0 && messages.All(m => !m.StartsWith("unknown flag", StringComparison.Ordinal))
            ? 1 : SyntaxExitCode;
    }

    private static bool AboutUnmatched(ParseError error, ParseResult parse) =>
        parse.UnmatchedTokens.Any(token => error.Message.Contains($"'{token}'", StringComparison.Ordinal));

    private static bool MissingArgument(ParseResult parse) =>
        parse.CommandResult.Command.Arguments.Any(argument =>
            argument.Arity.MinimumNumberOfValues > (parse.GetResult(argument)?.Tokens.Count ?? 0));

    /// <summary>"Cannot parse argument 'x' for option '--timeout' as expected type 'System.Nullable`1[System.Int32]'" said for people.</summary>
    private static string Translate(string message)
    {
        var match = CannotParse().Match(message);
        if (!match.Success) return message;
        var type = match.Groups["type"].Value;
        var expected = type.Contains("Int", StringComparison.Ordinal) ? "an integer"
            : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) ? "a number"
            : "a valid value";
        return $"invalid argument \"{match.Groups["value"].Value}\" for \"{match.Groups["name"].Value}\": expected {expected}";
    }

    [GeneratedRegex("^Cannot parse argument '(?<value>.*)' for (?:option|argument|command) '(?<name>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();
}
