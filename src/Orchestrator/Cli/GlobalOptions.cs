using System.CommandLine;

namespace Composer.Orchestrator.Cli;

public enum AnsiMode { Auto, Never, Always }

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

    public static readonly Option<AnsiMode> Ansi = new("--ansi")
    {
        Description = "Control when to print ANSI control characters",
        HelpName = "never|always|auto",
        Recursive = true,
        DefaultValueFactory = _ => AnsiMode.Auto,
        // The parser's own message would name the .NET enum type; this one names the values.
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "auto";
            if (Enum.TryParse<AnsiMode>(text, ignoreCase: true, out var mode) && !int.TryParse(text, out _)) return mode;
            result.AddError($"invalid argument \"{text}\" for \"--ansi\": expected never, always or auto");
            return AnsiMode.Auto;
        },
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show more output (stack traces of errors)",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        foreach (var option in new Option[] { Files, ProjectName, ProjectDirectory, EnvFiles, Profiles, Ansi, Verbose })
            root.Options.Add(option);
    }
}
