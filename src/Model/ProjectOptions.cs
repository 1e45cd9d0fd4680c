using System.Collections.Immutable;

namespace Composer.Model;

/// <summary>Inputs of <see cref="ProjectLoader.Load"/>. The loader reads nothing from the process: the environment is injected.</summary>
public sealed record ProjectOptions
{
    /// <summary>-f paths (relative to WorkingDirectory). Empty: COMPOSE_FILE, then discovery.</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];
    /// <summary>The current directory (absolute).</summary>
    public required string WorkingDirectory { get; init; }
    /// <summary>--project-directory; default: the folder of the first compose file.</summary>
    public string? ProjectDirectory { get; init; }
    /// <summary>-p; else COMPOSE_PROJECT_NAME, top-level name:, folder name.</summary>
    public string? ProjectName { get; init; }
    /// <summary>--env-file paths; when given they replace the project's .env.</summary>
    public IReadOnlyList<string> EnvFiles { get; init; } = [];
    /// <summary>--profile values; empty: COMPOSE_PROFILES from the environment.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];
    /// <summary>The process environment (injected for testability).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>False for `config --no-interpolate`: `${VAR}` stays as written in every value.</summary>
    public bool Interpolate { get; init; } = true;
    /// <summary>
    /// False for `config --no-normalize`: none of compose-go's normalization (no implied `default` network,
    /// no `dockerfile: Dockerfile`, no `name:` derived from a resource's key, `if_not_present` kept, valueless
    /// build args left unset, and so are valueless environment entries in map form unless
    /// <see cref="ResolveEnvironment"/> fills them; compose-go always fills the list form `- NAME`).
    /// </summary>
    public bool Normalize { get; init; } = true;
    /// <summary>False for `config --no-path-resolution`: relative host paths (build context, bind sources, env_file, ...) stay as written.</summary>
    public bool ResolvePaths { get; init; } = true;
    /// <summary>False for `config --no-env-resolution`: env_file contents are not merged into each service's environment.</summary>
    public bool ResolveEnvironment { get; init; } = true;
    /// <summary>False for `config --no-consistency`: no cross-reference checks (undefined networks, volumes, services, models ...).</summary>
    public bool CheckConsistency { get; init; } = true;
    /// <summary>Reads file text; tests may inject an in-memory file system. Default: File.ReadAllText.</summary>
    public Func<string, string>? ReadFile { get; init; }
    /// <summary>Existence check matching ReadFile. Default: File.Exists.</summary>
    public Func<string, bool>? FileExists { get; init; }
}
