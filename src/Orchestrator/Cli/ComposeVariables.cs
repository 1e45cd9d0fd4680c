namespace Composer.Orchestrator.Cli;

/// <summary>
/// The COMPOSE_* variables docker compose reads as defaults of its flags, read here and nowhere
/// else (the loader reads those that shape the project: COMPOSE_FILE, COMPOSE_PROFILES, ...).
/// </summary>
internal static class ComposeVariables
{
    /// <summary>COMPOSE_REMOVE_ORPHANS: --remove-orphans unless the flag says otherwise.</summary>
    public static bool RemoveOrphans => IsTrue("COMPOSE_REMOVE_ORPHANS");

    /// <summary>COMPOSE_IGNORE_ORPHANS: no warning about orphans (and no removal unless asked).</summary>
    public static bool IgnoreOrphans => IsTrue("COMPOSE_IGNORE_ORPHANS");

    /// <summary>COMPOSE_STATUS_STDOUT: status and progress on stdout instead of stderr.</summary>
    public static bool StatusToStdout => IsTrue("COMPOSE_STATUS_STDOUT");

    /// <summary>COMPOSE_ENV_FILES: the --env-file list when no flag gives one (comma separated).</summary>
    public static string[] EnvFiles =>
        Environment.GetEnvironmentVariable("COMPOSE_ENV_FILES")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>True as Go's strconv.ParseBool reads it (1, t, true in any case), which docker compose uses.</summary>
    public static bool IsTrue(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { } value
        && (value == "1" || value.Equals("t", StringComparison.OrdinalIgnoreCase) || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
