namespace Composer.EndToEnd.Tests;

/// <summary>Compose snippets shared by tests: busybox processes that stop promptly on SIGTERM.</summary>
internal static class Busybox
{
    /// <summary>A command that idles until stopped (PID 1 ignores TERM unless it traps it).</summary>
    public const string Idle = "[\"sh\", \"-c\", \"trap 'exit 0' TERM; sleep 3600 & wait\"]";

    /// <summary>A project with one idle service named `box`, for tests about verbs rather than configuration.</summary>
    public const string OneIdleBox = $$"""
        services:
          box:
            image: busybox:latest
            command: {{Idle}}
        """;

    public static string Serve(string script) => $"[\"sh\", \"-c\", \"trap 'exit 0' TERM; {script} & wait\"]";
}
