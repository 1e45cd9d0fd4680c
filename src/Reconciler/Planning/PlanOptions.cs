namespace Composer.Reconciler.Planning;

public sealed record UpOptions
{
    public bool ForceRecreate { get; init; }
    public bool NoRecreate { get; init; }
    /// <summary>--always-recreate-deps: these services (the dependencies of those named) are recreated as with --force-recreate.</summary>
    public System.Collections.Immutable.ImmutableHashSet<string> ForceRecreateServices { get; init; } =
        System.Collections.Immutable.ImmutableHashSet<string>.Empty;
    public bool RemoveOrphans { get; init; }
    /// <summary>COMPOSE_IGNORE_ORPHANS: orphans are neither removed nor warned about.</summary>
    public bool IgnoreOrphans { get; init; }
    public bool NoStart { get; init; }
    /// <summary>-V: a recreated container gets new anonymous volumes instead of its predecessor's (which go).</summary>
    public bool RenewAnonVolumes { get; init; }
    /// <summary>
    /// The agent's passes: containers that ran and exited are the supervisor's to restart (or
    /// not, by their policy); only never-started ones are started here.
    /// </summary>
    public bool LeaveExited { get; init; }
    /// <summary>
    /// The agent's memory of rollouts that failed: service -> the version (config hash and image)
    /// not to roll out again until the files or the image change once more.
    /// </summary>
    public System.Collections.Immutable.ImmutableDictionary<string, string> HeldBack { get; init; } =
        System.Collections.Immutable.ImmutableDictionary<string, string>.Empty;
}

public enum BuildPolicy { IfMissing, Always, Never }

public enum RemoveImages { None, Local, All }

public sealed record DownOptions
{
    public bool RemoveVolumes { get; init; }
    public bool RemoveOrphans { get; init; }
    public RemoveImages RemoveImages { get; init; }
}
