using System.CommandLine;
using Composer.Model;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Cli;

/// <summary>Loads the project the global options point at.</summary>
internal static class ProjectSession
{
    /// <summary>Loads and checks the project, `x-composer` settings included, before any verb acts on it.</summary>
    /// <param name="interpolate">False for `config --no-interpolate`.</param>
    public static Project Load(ParseResult parse, bool interpolate = true)
    {
        var project = Checked(UninterruptedLoad.Load(Options(parse) with { Interpolate = interpolate }));
        return parse.GetValue(GlobalOptions.Compatibility) ? project with { ContainerNameSeparator = "_" } : project;
    }

    public static Project Checked(Project project)
    {
        Reconciler.Supervision.ComposerExtensions.Validate(project);
        return project;
    }

    public static ProjectOptions Options(ParseResult parse)
    {
        var options = new ProjectOptions
        {
            ConfigFiles = parse.GetValue(GlobalOptions.Files) ?? [],
            WorkingDirectory = Environment.CurrentDirectory,
            ProjectDirectory = parse.GetValue(GlobalOptions.ProjectDirectory),
            ProjectName = parse.GetValue(GlobalOptions.ProjectName),
            EnvFiles = EnvFilesFrom(parse),
            // The flag replaces COMPOSE_PROFILES, which the loader reads (from .env too) only when no flag is given.
            Profiles = parse.GetValue(GlobalOptions.Profiles) ?? [],
            Environment = HostEnvironment.Variables(),
        };
        return StandardInputFile.Applies(options) ? StandardInputFile.ReadInto(options) : options;
    }

    /// <summary>
    /// The project when a compose file is found; otherwise, when the name is known (-p or
    /// COMPOSE_PROJECT_NAME, no -f), just the name: as docker compose, verbs that act on what exists
    /// (ps, down, logs, stop, ...) then find the project's containers and networks by label.
    /// </summary>
    public static ProjectTarget LoadOrName(ParseResult parse)
    {
        try
        {
            return new ProjectTarget(Load(parse));
        }
        catch (ComposeModelException error) when (error.NoConfigurationFile && ExplicitName(parse) is { Length: > 0 } name)
        {
            return new ProjectTarget(name);
        }
    }

    /// <summary>The services named on the command line (none means all), each one the project declares.</summary>
    public static string[] SelectedServices(ParseResult parse, Argument<string[]> services, Project project) =>
        ProjectTarget.Declared(project, parse.GetValue(services) ?? []);

    /// <summary>Project name without loading files, for verbs that work from labels alone.</summary>
    public static string? ExplicitName(ParseResult parse) =>
        parse.GetValue(GlobalOptions.ProjectName) ?? Environment.GetEnvironmentVariable("COMPOSE_PROJECT_NAME");

    /// <summary>--env-file, else COMPOSE_ENV_FILES.</summary>
    public static string[] EnvFilesFrom(ParseResult parse) =>
        parse.GetValue(GlobalOptions.EnvFiles) is { Length: > 0 } files ? files : ComposeVariables.EnvFiles;
}
