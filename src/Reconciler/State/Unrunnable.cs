using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>
/// What the verbs that create containers (up, create, run, scale, watch) refuse before anything exists:
/// services this engine or composer cannot run as written. Each rule in <see cref="UnrunnableRules"/> names
/// one key that would otherwise be dropped or half-applied, one line per use, at its position where the
/// model kept one. One call with every rule, so no such verb can forget one, and every problem of the
/// project is listed at once; `config`, build, pull and push read and print the same services without complaint.
/// </summary>
public static class Unrunnable
{
    private static readonly Func<Project, IReadOnlyList<ServiceConfig>, IEnumerable<string>>[] Rules =
    [
        UnrunnableRules.Models,
        UnrunnableRules.Annotations,
        UnrunnableRules.Provider,
        UnrunnableRules.CredentialSpec,
        UnrunnableRules.GatewayPriority,
        UnrunnableRules.Ipv4Off,
        UnrunnableRules.Mounts,
    ];

    public static void Refuse(Project project, DesiredState desired)
    {
        var services = desired.Services.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).Select(name => project.Services[name]).ToList();
        var lines = Rules.SelectMany(rule => rule(project, services)).ToList();
        if (lines.Count > 0) throw new UnrunnableException(string.Join("\n", lines));
    }

    /// <summary>"file:line:col: " before a refusal, or nothing when the model kept no position.</summary>
    internal static string At(SourcePosition? position) => position is null ? "" : $"{position}: ";
}

/// <summary>The project asks for something composer or the engine API it speaks cannot give: nothing was created.</summary>
public sealed class UnrunnableException(string message) : Exception(message);
