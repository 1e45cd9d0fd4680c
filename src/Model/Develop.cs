using System.Collections.Immutable;

namespace Composer.Model;

/// <summary>What `develop.watch` does when a watched file changes (Compose's trigger actions).</summary>
public enum WatchAction { Sync, Rebuild, Restart, SyncRestart, SyncExec }

/// <summary>The names Compose files use for <see cref="WatchAction"/>, in one place.</summary>
public static class WatchActions
{
    public static string Name(WatchAction action) => action switch
    {
        WatchAction.Sync => "sync",
        WatchAction.Rebuild => "rebuild",
        WatchAction.Restart => "restart",
        WatchAction.SyncRestart => "sync+restart",
        _ => "sync+exec",
    };

    public static WatchAction? Parse(string text) => text switch
    {
        "sync" => WatchAction.Sync,
        "rebuild" => WatchAction.Rebuild,
        "restart" => WatchAction.Restart,
        "sync+restart" => WatchAction.SyncRestart,
        "sync+exec" => WatchAction.SyncExec,
        _ => null,
    };

    /// <summary>Actions that copy files into the container (and so need a target).</summary>
    public static bool Syncs(WatchAction action) => action is WatchAction.Sync or WatchAction.SyncRestart or WatchAction.SyncExec;
}

/// <summary>A service's `develop` section.</summary>
public sealed record DevelopConfig
{
    public ImmutableArray<WatchRule> Watch { get; init; } = [];
}

/// <summary>One `develop.watch` entry.</summary>
public sealed record WatchRule
{
    /// <summary>Absolute host path (file or directory) watched.</summary>
    public required string Path { get; init; }
    public required WatchAction Action { get; init; }
    /// <summary>Absolute container path the watched path maps to (sync actions).</summary>
    public string? Target { get; init; }
    /// <summary>Patterns relative to <see cref="Path"/>, .dockerignore syntax.</summary>
    public ImmutableArray<string> Ignore { get; init; } = [];
    /// <summary>When not empty, only paths matching one of these (relative to <see cref="Path"/>) count.</summary>
    public ImmutableArray<string> Include { get; init; } = [];
    /// <summary>Copy the whole path into the container when watching starts.</summary>
    public bool InitialSync { get; init; }
    /// <summary>The command sync+exec runs in the container after each sync.</summary>
    public ServiceHook? Exec { get; init; }
}

/// <summary>A command run in a service's container (`post_start`, `pre_stop`, `develop.watch[].exec`: Compose's service_hook).</summary>
public sealed record ServiceHook
{
    public required ImmutableArray<string> Command { get; init; }
    public string? User { get; init; }
    public bool Privileged { get; init; }
    public string? WorkingDir { get; init; }
    public ImmutableSortedDictionary<string, string?> Environment { get; init; } = ImmutableSortedDictionary<string, string?>.Empty;
    public ImmutableSortedDictionary<string, RawValue> Extensions { get; init; } = ImmutableSortedDictionary<string, RawValue>.Empty;

    /// <summary>The exec's environment as the engine takes it: KEY=VALUE, or KEY alone for a declared variable without a value.</summary>
    public IEnumerable<string> EngineEnvironment => Environment.Select(e => e.Value is null ? e.Key : $"{e.Key}={e.Value}");
}
