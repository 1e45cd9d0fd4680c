namespace Composer.Engine;

/// <summary>
/// What a BuildKit build reports while it runs, one change at a time, as the engine forwards
/// BuildKit's StatusResponse. The CLI decides how to show it (live view, plain lines, JSON,
/// nothing); the engine layer only decodes. A step is a BuildKit vertex, named by its digest.
/// </summary>
public abstract record BuildStepEvent(string Digest);

/// <summary>
/// A step's state changed. BuildKit sends the whole vertex each time: a step may start and
/// complete more than once (each an interval), and may be marked cached after it was first
/// reported complete.
/// </summary>
public sealed record BuildStepChanged(string Digest, string Name, DateTimeOffset? Started, DateTimeOffset? Completed, bool Cached, string? Error)
    : BuildStepEvent(Digest);

/// <summary>One whole line of a step's output (stdout = 1, stderr = 2); a line cut by the end of the step comes whole too.</summary>
public sealed record BuildStepLog(string Digest, DateTimeOffset Timestamp, int Stream, string Line) : BuildStepEvent(Digest);

/// <summary>A sub-task of a step with a progress count (a layer being pulled, the context being transferred).</summary>
public sealed record BuildStepStatus(string Digest, string Id, long Current, long Total, DateTimeOffset Timestamp, DateTimeOffset? Started,
    DateTimeOffset? Completed) : BuildStepEvent(Digest);
