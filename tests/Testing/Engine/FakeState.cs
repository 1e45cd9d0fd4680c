using Composer.Engine;

namespace Composer.Testing;

/// <summary>
/// What a container of an image does once started, since the fake runs no processes: it keeps
/// running unless <see cref="ExitAfter"/> says when it exits, and a declared healthcheck gives
/// <see cref="Health"/> after <see cref="HealthAfter"/> (none: it stays "starting").
/// Times are on the fake's clock.
/// </summary>
public sealed record ImageBehaviour
{
    public TimeSpan? ExitAfter { get; init; }
    public int ExitCode { get; init; }
    /// <summary>What the container prints (its logs), stdout.</summary>
    public string Output { get; init; } = "";
    public string? Health { get; init; }
    public TimeSpan HealthAfter { get; init; }

    public static ImageBehaviour KeepsRunning { get; } = new();

    public static ImageBehaviour Exits(int code, TimeSpan? after = null, string output = "") =>
        new() { ExitAfter = after ?? TimeSpan.Zero, ExitCode = code, Output = output };
}

/// <summary>A container the fake holds. Mutated under the fake's lock only.</summary>
public sealed class FakeContainer
{
    internal FakeContainer(string id, string name, ContainerCreateRequest config, string imageId, DateTimeOffset created)
    {
        Id = id;
        Name = name;
        Config = config;
        ImageId = imageId;
        Created = created;
    }

    public string Id { get; }
    public string Name { get; internal set; }
    public ContainerCreateRequest Config { get; }
    public string ImageId { get; }
    public DateTimeOffset Created { get; }
    public IReadOnlyDictionary<string, string> Labels => Config.Labels ?? [];

    /// <summary>created, running, paused, restarting, exited, dead, removing: the engine's words.</summary>
    public string Status { get; internal set; } = "created";
    public int ExitCode { get; internal set; }
    public DateTimeOffset? StartedAt { get; internal set; }
    public DateTimeOffset? FinishedAt { get; internal set; }
    /// <summary>starting, healthy, unhealthy; null without a healthcheck.</summary>
    public string? Health { get; internal set; }
    public int FailingStreak { get; internal set; }
    public int RestartCount { get; internal set; }
    public EngineRestartPolicy RestartPolicy { get; internal set; } = new();
    public Dictionary<string, EndpointSettings> Networks { get; } = new(StringComparer.Ordinal);
    /// <summary>Paths archives were put at (inline configs and secrets).</summary>
    public List<string> Archives { get; } = [];
    public bool Running => Status is "running" or "paused" or "restarting";

    internal bool HasHealthcheck => Config.Healthcheck?.Test is [var kind, ..] && kind != "NONE";
    internal TaskCompletionSource<long> Exited { get; set; } = NewExit();
    /// <summary>Bumped at every start, so a scheduled exit of an earlier run does not end a later one.</summary>
    internal int Run { get; set; }

    internal static TaskCompletionSource<long> NewExit() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed record FakeImage(string Id, string Reference, ImageBehaviour Behaviour);
