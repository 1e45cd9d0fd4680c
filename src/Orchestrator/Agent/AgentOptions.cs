using System.Globalization;
using Microsoft.Extensions.Configuration;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// The agent's settings. Each comes from, in increasing precedence: defaults, the config file
/// (`agent.json` in the state directory, or --config), `COMPOSER_AGENT_*` environment variables,
/// then flags.
/// </summary>
public sealed record AgentOptions
{
    public const string DefaultStateDirectory = "/var/lib/composer";

    public required string StateDirectory { get; init; }
    /// <summary>The control API's unix socket.</summary>
    public required string Socket { get; init; }
    /// <summary>How often every project is reconciled even when nothing was heard.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Quiet time after a compose file changes before reconciling (editors write in bursts).</summary>
    public TimeSpan WatchDebounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>State directory from the environment (COMPOSER_STATE_DIR) or the default; shared by the agent and the CLI.</summary>
    public static string StateDirectoryFromEnvironment() =>
        Environment.GetEnvironmentVariable("COMPOSER_STATE_DIR") is { Length: > 0 } dir ? dir : DefaultStateDirectory;

    /// <summary>The socket the CLI talks to: COMPOSER_AGENT_SOCKET, else agent.sock in the state directory.</summary>
    public static string SocketFromEnvironment() =>
        Environment.GetEnvironmentVariable("COMPOSER_AGENT_SOCKET") is { Length: > 0 } socket ? socket
        : Path.Combine(StateDirectoryFromEnvironment(), "agent.sock");

    public static AgentOptions From(IConfiguration configuration)
    {
        var state = Path.GetFullPath(configuration["StateDirectory"] is { Length: > 0 } s ? s : StateDirectoryFromEnvironment());
        return new AgentOptions
        {
            StateDirectory = state,
            Socket = Path.GetFullPath(configuration["Socket"] is { Length: > 0 } socket ? socket : Path.Combine(state, "agent.sock")),
            ResyncInterval = Seconds(configuration, "ResyncSeconds") ?? TimeSpan.FromSeconds(30),
            WatchDebounce = Seconds(configuration, "WatchDebounceSeconds") ?? TimeSpan.FromMilliseconds(500),
        };
    }

    private static TimeSpan? Seconds(IConfiguration configuration, string key)
    {
        if (configuration[key] is not { Length: > 0 } text) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"agent setting {key}: '{text}' is not a positive number of seconds");
    }
}
