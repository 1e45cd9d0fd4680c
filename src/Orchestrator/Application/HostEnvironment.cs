using System.Collections;

namespace Composer.Orchestrator.Application;

/// <summary>The process's environment, as interpolation sees it: the CLI's and the agent's alike.</summary>
internal static class HostEnvironment
{
    public static Dictionary<string, string> Variables()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        return environment;
    }
}
