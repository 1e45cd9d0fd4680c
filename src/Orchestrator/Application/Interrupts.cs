namespace Composer.Orchestrator.Application;

/// <summary>The second Ctrl-C, for verbs that turn it into "force" rather than "quit now".</summary>
public static class Interrupts
{
    public static CancellationToken Force { get; internal set; }

    /// <summary>Set by a verb that handles <see cref="Force"/>; otherwise a second Ctrl-C ends the process.</summary>
    public static bool ForceWanted { get; set; }
}
