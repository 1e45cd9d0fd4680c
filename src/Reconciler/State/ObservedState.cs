using System.Collections.Immutable;

namespace Composer.Reconciler.State;

/// <summary>One snapshot of what the engine has for a project, found by label.</summary>
public sealed record ObservedState(
    ImmutableArray<ObservedContainer> Containers,
    ImmutableHashSet<string> Networks,
    ImmutableHashSet<string> Volumes,
    ImmutableDictionary<string, string> ImageIds,
    ImmutableDictionary<string, DateTimeOffset>? ImageRefreshed = null)
{
    public static ObservedState Empty { get; } = new(
        [], ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty, ImmutableDictionary<string, string>.Empty);

    public IEnumerable<ObservedContainer> ServiceContainers(string service) =>
        Containers.Where(c => !c.OneOff && c.Service == service).OrderBy(c => c.Number);
}

public enum ContainerStatus { Created, Running, Paused, Restarting, Exited, Dead, Removing }

public sealed record ObservedContainer(
    string Id,
    string Name,
    string Service,
    int Number,
    bool OneOff,
    string ConfigHash,
    string ImageId,
    ContainerStatus Status)
{
    public bool IsRunning => Status is ContainerStatus.Running or ContainerStatus.Restarting or ContainerStatus.Paused;

    /// <summary>Its anonymous volumes (`volumes: [/data]`, or the image's VOLUME): a recreate carries them over.</summary>
    public ImmutableArray<AnonymousVolume> AnonymousVolumes { get; init; } = [];
}

/// <summary>A volume the engine named itself (64 hex digits), mounted at <paramref name="Target"/>.</summary>
public sealed record AnonymousVolume(string Target, string Name)
{
    public static bool IsAnonymousName(string? name) => name is { Length: 64 } && name.All(char.IsAsciiHexDigitLower);
}
