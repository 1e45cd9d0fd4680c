using Composer.Model;

namespace Composer.Reconciler.State;

public static class ModelsRefusal
{
    /// <summary>
    /// A service that uses `models` expects Docker Model Runner to serve them and to hand it their endpoints;
    /// composer has no model runner, so `up`, `create` and `run` say so before creating anything rather than start the
    /// service without them. Building, pulling or printing such a service needs no runner and is not refused.
    /// </summary>
    public static void Refuse(Project project, DesiredState desired)
    {
        var users = desired.Services.Select(s => s.Name).Where(name => !project.Services[name].Models.IsEmpty).Order(StringComparer.Ordinal).ToList();
        if (users.Count == 0) return;
        var models = users.SelectMany(name => project.Services[name].Models.Keys).Distinct().Order(StringComparer.Ordinal);
        throw new ModelsUnsupportedException(
            $"service{(users.Count > 1 ? "s" : "")} {string.Join(", ", users.Select(u => $"'{u}'"))} use{(users.Count > 1 ? "" : "s")} models ({string.Join(", ", models)}): "
            + "running models needs Docker Model Runner, which composer does not support; use docker compose for this project, or remove `models` from the service");
    }
}

/// <summary>The project needs Docker Model Runner (services with `models`), which composer cannot drive.</summary>
public sealed class ModelsUnsupportedException(string message) : Exception(message);
