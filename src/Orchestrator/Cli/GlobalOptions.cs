using System.CommandLine;
using Composer.Orchestrator.Output;

namespace Composer.Orchestrator.Cli;

/// <summary>The options every verb takes, with docker compose's names.</summary>
public static class GlobalOptions
{
    public static readonly Option<string[]> Files = new("--file", "-f")
    {
        Description = "Compose configuration files",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public static readonly Option<string?> ProjectName = new("--project-name", "-p")
    {
        Description = "Project name",
        Recursive = true,
    };

    public static readonly Option<string?> ProjectDirectory = new("--project-directory")
    {
        Description = "Specify an alternate working directory (default: the path of the first specified Compose file)",
        Recursive = true,
    };

    public static readonly Option<string[]> EnvFiles = new("--env-file")
    {
        Description = "Specify an alternate environment file",
        Recursive = true,
    };

    public static readonly Option<string[]> Profiles = new("--profile")
    {
        Description = "Specify a profile to enable",
        Recursive = true,
    };

    public static readonly Option<AnsiMode> Ansi = Choice("--ansi", "Control when to print ANSI control characters", "COMPOSE_ANSI", AnsiMode.Auto);

    public static readonly Option<Output.ProgressMode> Progress =
        Choice("--progress", "Set type of progress output", "COMPOSE_PROGRESS", Output.ProgressMode.Auto);

    public static readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Execute command in dry run mode: show what would change, change nothing",
        Recursive = true,
    };

    public static readonly Option<int> Parallel = new("--parallel")
    {
        Description = "Control max parallelism, -1 for unlimited",
        Recursive = true,
        DefaultValueFactory = _ => EnvironmentInt("COMPOSE_PARALLEL_LIMIT") ?? -1,
    };

    public static readonly Option<bool> Compatibility = new("--compatibility")
    {
        Description = "Run compose in backward compatibility mode (container names joined with '_')",
        Recursive = true,
    };

    public static readonly Option<bool> AllResources = new("--all-resources")
    {
        Description = "Include all resources, even those not used by services",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show more output (stack traces of errors)",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        foreach (var option in new Option[] { Files, ProjectName, ProjectDirectory, EnvFiles, Profiles, Ansi, Progress, DryRun, Parallel,
                     Compatibility, AllResources, Verbose })
            root.Options.Add(option);
    }

    /// <summary>The --parallel limit: null means none (-1, as docker compose, or 0).</summary>
    public static int? ParallelLimit(ParseResult parse) => parse.GetValue(Parallel) is > 0 and var limit ? limit : null;

    /// <summary>
    /// An option whose values are an enum's names in lower case; its default comes from
    /// <paramref name="variable"/> when set. The parser's own message would name the .NET type; this
    /// one names the values.
    /// </summary>
    private static Option<T> Choice<T>(string name, string description, string variable, T fallback) where T : struct, Enum
    {
        var names = string.Join("|", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        var expected = $"expected {names.Replace("|", ", ")}";
        // One reading of a value, whichever way it came: the flag's errors name the flag, the variable's the variable.
        T Read(System.CommandLine.Parsing.ArgumentResult result, string? text, string source)
        {
            if (string.IsNullOrEmpty(text)) return fallback;
            if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && !int.TryParse(text, out _)) return value;
            result.AddError($"invalid {source}: {expected}");
            return fallback;
        }
        T FromVariable(System.CommandLine.Parsing.ArgumentResult result) =>
            Read(result, Environment.GetEnvironmentVariable(variable), $"value \"{Environment.GetEnvironmentVariable(variable)}\" of {variable}");
        return new Option<T>(name)
        {
            Description = $"{description} ({names}; default: ${variable}, else {fallback.ToString().ToLowerInvariant()})",
            HelpName = names,
            Recursive = true,
            CustomParser = result => result.Tokens.Count == 0 ? FromVariable(result)
                : Read(result, result.Tokens[^1].Value, $"argument \"{result.Tokens[^1].Value}\" for \"{name}\""),
            DefaultValueFactory = FromVariable,
        };
    }

    private static int? EnvironmentInt(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) ? value : null;
}
