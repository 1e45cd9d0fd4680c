using System.Text.Json.Serialization;
using Composer.Reconciler.Scheduling;
using Composer.Reconciler.Supervision;

namespace Composer.Orchestrator.Agent;

/// <summary>A project the agent keeps converged: enough to load it again as the CLI would.</summary>
/// <param name="Scale">The replica counts the last `up` asked for (`--scale`): desired state the agent keeps, not drift to undo.</param>
public sealed record RegisteredProject(string Name, string WorkingDirectory, string[] ConfigFiles, string[] EnvFiles, string[] Profiles,
    Dictionary<string, int>? Scale = null);

/// <summary>Everything the agent must not forget when it is killed: written whole and atomically.</summary>
public sealed class AgentStateDocument
{
    public List<RegisteredProject> Projects { get; set; } = [];
    public Dictionary<string, ContainerMemory> Containers { get; set; } = [];
    /// <summary>Keyed "project/service".</summary>
    public Dictionary<string, List<JobRun>> JobRuns { get; set; } = [];
    /// <summary>The last engine event handled: on restart, events since then are replayed.</summary>
    public DateTimeOffset? LastEventAt { get; set; }
    /// <summary>
    /// Projects whose registration file (projects/NAME.json) could not be read when an untrusted
    /// state file was moved aside: the agent registers them again from their containers' labels.
    /// </summary>
    public List<string> ToRebuild { get; set; } = [];

    /// <summary>What a file must hold to be taken for the agent's memory: anything else is moved aside, not trusted.</summary>
    public string? Oddity()
    {
        if (Projects is null || Containers is null || JobRuns is null || ToRebuild is null) return "a section is null";
        foreach (var project in Projects)
            if (!IsWhole(project)) return $"a project entry lacks its name, directory or files ({project?.Name ?? "null"})";
        if (Containers.Any(c => c.Value is null)) return "a container entry is null";
        if (JobRuns.Any(j => j.Value is null || j.Value.Any(r => r is null))) return "a job entry is null";
        return null;
    }

    public static bool IsWhole(RegisteredProject? project) =>
        project is not null && !string.IsNullOrWhiteSpace(project.Name) && !string.IsNullOrWhiteSpace(project.WorkingDirectory)
        && project.ConfigFiles is not null && !project.ConfigFiles.Any(string.IsNullOrEmpty) && project.EnvFiles is not null && project.Profiles is not null;
}

public sealed record ProjectStatus(string Name, string WorkingDirectory, string? Error, DateTimeOffset? LastReconcileAt, List<SupervisedContainer> Containers,
    List<RolloutStatus>? Rollouts = null);

public sealed record StatusResponse(string Version, DateTimeOffset StartedAt, List<ProjectStatus> Projects);

public sealed record JobStatus(string Project, string Service, string Cron, bool Concurrent, DateTimeOffset? NextRunAt, int Running, List<JobRun> Runs);

public sealed record JobsResponse(List<JobStatus> Jobs);

public sealed record MessageResponse(string Message);

/// <summary>`composer scale`: replica counts merged into a registered project's (those not named keep theirs).</summary>
public sealed record ScaleRequest(Dictionary<string, int> Replicas);

/// <summary>Containers a user stops through the CLI, and the grace the user gave (`-t`; 0 for `kill`).</summary>
public sealed record StoppedRequest(List<string> Containers, int? TimeoutSeconds = null);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentStateDocument))]
[JsonSerializable(typeof(RegisteredProject))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(JobsResponse))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(StoppedRequest))]
[JsonSerializable(typeof(ScaleRequest))]
internal sealed partial class AgentJson : JsonSerializerContext;
