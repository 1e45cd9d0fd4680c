using Composer.Engine;

namespace Composer.Reconciler.Execution;

internal static class HealthProbes
{
    /// <summary>The container runs a healthcheck (its own or its image's), so the engine will give a verdict.</summary>
    public static bool Declared(ContainerInspect container) => container.Config?.Healthcheck?.Test is [var kind, ..] && kind != "NONE";

    /// <summary>What the last health probe said, so the user sees why without `docker inspect`.</summary>
    public static string LastProbe(ContainerHealth health)
    {
        if (health.Log is not [.., var last]) return "";
        var output = (last.Output ?? "").Trim();
        if (output.Length > 300) output = "…" + output[^300..];
        return $" ({health.FailingStreak} failed checks; the last exited {last.ExitCode}{(output.Length > 0 ? ": " + output : "")})";
    }
}
