using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>
/// Container annotations travel in HostConfig.Annotations, which the engine API composer speaks (1.41, its
/// newest) does not have: engines drop the field below API 1.43. Rather than create the container without
/// them as if they were applied, the verbs that create containers refuse the service; `config`, build and
/// pull still read and print it.
/// </summary>
public static class AnnotationsRefusal
{
    public static void Refuse(Project project, DesiredState desired)
    {
        var users = desired.Services.Select(s => s.Name).Where(name => !project.Services[name].Annotations.IsEmpty).Order(StringComparer.Ordinal).ToList();
        if (users.Count == 0) return;
        throw new AnnotationsUnsupportedException(
            $"service{(users.Count > 1 ? "s" : "")} {string.Join(", ", users.Select(u => $"'{u}'"))}: `annotations` need engine API 1.43 "
            + $"(HostConfig.Annotations); composer speaks API {Engine.EngineClient.MaxApiVersion}, where the engine would drop them silently. "
            + "Remove `annotations` from the service, or use labels");
    }
}

/// <summary>A service declares annotations, which the engine API composer uses cannot carry.</summary>
public sealed class AnnotationsUnsupportedException(string message) : Exception(message);
