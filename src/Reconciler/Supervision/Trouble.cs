namespace Composer.Reconciler.Supervision;

public enum TroubleKind { Exited, Unhealthy }

/// <summary>Something happened to a supervised container that may call for a restart.</summary>
/// <param name="At">When the engine saw it (event time), to tell fresh news from echoes of our own actions.</param>
/// <param name="RanFor">How long the container had been running: long runs reset the backoff.</param>
/// <param name="UserStopped">Someone stopped or killed it on purpose (not the supervisor, not a crash).</param>
/// <param name="AtAdoption">Found exited when the agent (or the engine) started, not seen exiting.</param>
public sealed record Trouble(TroubleKind Kind, long ExitCode, DateTimeOffset At, TimeSpan RanFor, bool UserStopped = false, bool AtAdoption = false);

/// <summary>The restart policies' rules, apart from counting (the retry pipeline counts attempts).</summary>
public static class RestartDecision
{
    public static bool ShouldRestart(RestartSettings settings, Trouble trouble) => trouble.Kind switch
    {
        TroubleKind.Unhealthy => settings.RestartUnhealthy && !trouble.UserStopped,
        _ => settings.Kind switch
        {
            Model.RestartKind.OnFailure => trouble.ExitCode != 0 && !trouble.UserStopped,
            // Like the engine: a stopped `always` container comes back when the agent or engine starts.
            Model.RestartKind.Always => !trouble.UserStopped || trouble.AtAdoption,
            Model.RestartKind.UnlessStopped => !trouble.UserStopped,
            _ => false,
        },
    };
}
