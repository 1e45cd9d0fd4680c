namespace Composer.Reconciler.Supervision;

/// <summary>One supervised container as the control API shows it.</summary>
public sealed record SupervisedContainer(
    string Project, string Service, string Name, string Id, string Policy,
    string State, int Restarts, DateTimeOffset? BackoffUntil, long? LastExit, string? Health);
