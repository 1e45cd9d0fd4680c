using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>
/// A service with `provider:` is not a container: docker compose hands its setup and teardown to an external
/// plugin binary (`docker-&lt;type&gt;` or a compose plugin) and passes its output to dependents as variables.
/// Composer runs no plugins, so the verbs that create containers refuse such a service before anything
/// exists, naming where it was declared; `config` still prints it.
/// </summary>
public static class ProviderRefusal
{
    public static void Refuse(Project project, DesiredState desired)
    {
        var users = desired.Services.Select(s => project.Services[s.Name]).Where(s => s.Provider is not null).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (users.Count == 0) return;
        throw new ProviderUnsupportedException(string.Join("\n", users.Select(s =>
            $"{Where(s.Provider!.DeclaredAt)}service '{s.Name}' is managed by provider '{s.Provider.Type}', a plugin composer cannot run; "
            + "use docker compose for this project, or replace the service with an image or build")));
    }

    internal static string Where(SourcePosition? at) => at is null ? "" : $"{at}: ";
}

/// <summary>A service is to be run by a provider plugin, which composer does not run.</summary>
public sealed class ProviderUnsupportedException(string message) : Exception(message);
