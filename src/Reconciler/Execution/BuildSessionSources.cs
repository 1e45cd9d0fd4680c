using Composer.Engine;
using Composer.Model;

namespace Composer.Reconciler.Execution;

/// <summary>
/// A service's `build.secrets` and `build.ssh` as the BuildKit session offers them, mapped as docker
/// compose maps them, and checked before the build starts so a missing source is named rather than
/// silently mounted empty.
/// </summary>
internal static class BuildSessionSources
{
    /// <summary>
    /// Each secret under the id a Dockerfile asks for (`RUN --mount=type=secret,id=...`): its `target`
    /// when written, else its name. uid, gid and mode mean nothing to BuildKit (docker compose warns and drops them).
    /// </summary>
    public static IReadOnlyList<BuildSecret> Secrets(Project project, string service, BuildConfig build)
    {
        var secrets = new List<BuildSecret>();
        foreach (var reference in build.Secrets)
        {
            var id = reference.WrittenTarget is { Length: > 0 } target ? target : reference.Source;
            var where = $"service '{service}': build secret '{reference.Source}'";
            if (!project.Secrets.TryGetValue(reference.Source, out var definition))
                throw new BuildSourceException($"{where} is not defined in the top-level secrets");
            if (definition.File is { } file)
            {
                if (!File.Exists(file)) throw new BuildSourceException($"{where}: file {file} not found");
                secrets.Add(new BuildSecret(id, File: file));
            }
            else if (definition.Environment is { } variable)
            {
                // The project's environment (process and .env, as loaded): the one the loader checked the variable against.
                var value = project.Environment.GetValueOrDefault(variable)
                    ?? throw new BuildSourceException($"{where}: environment variable {variable} is not set");
                secrets.Add(new BuildSecret(id, Environment: variable) { Value = value });
            }
            else throw new BuildSourceException($"{where}: build.secrets only supports environment or file-based secrets"
                + (definition.External ? " (this one is external)" : ""));
        }
        return secrets;
    }

    /// <summary>
    /// The ssh agents by id: `default` (or an id with no path) is the user's agent, $SSH_AUTH_SOCK; `id=path` a socket.
    /// The engine client checks each socket answers before the build starts.
    /// </summary>
    public static IReadOnlyList<BuildSshAgent> Ssh(BuildConfig build) =>
        [.. build.Ssh.Select(key => new BuildSshAgent(key.Key, key.Value is { Length: > 0 } path ? path : null))];
}

/// <summary>A build's secret or ssh source is missing or cannot be used: nothing was built.</summary>
public sealed class BuildSourceException(string message) : Exception(message);
