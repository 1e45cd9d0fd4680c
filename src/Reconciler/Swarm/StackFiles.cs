using System.Collections.Immutable;
using System.Text;
using Composer.Model;

namespace Composer.Reconciler.Swarm;

/// <summary>
/// The content of the configs and secrets services refer to, read before planning so the planner
/// stays pure. Keyed by the top-level key. External objects have no content here: they exist already.
/// </summary>
public sealed record StackFiles(ImmutableSortedDictionary<string, byte[]> Configs, ImmutableSortedDictionary<string, byte[]> Secrets)
{
    public static readonly StackFiles Empty = new(ImmutableSortedDictionary<string, byte[]>.Empty, ImmutableSortedDictionary<string, byte[]>.Empty);

    /// <summary>Reads file:, content: and environment: sources of every referenced, non-external config and secret.</summary>
    public static StackFiles Read(Project project) => new(
        ReadAll(project, project.Configs, project.Services.Values.SelectMany(s => s.Configs), "config"),
        ReadAll(project, project.Secrets, project.Services.Values.SelectMany(s => s.Secrets), "secret"));

    private static ImmutableSortedDictionary<string, byte[]> ReadAll(Project project, ImmutableSortedDictionary<string, FileObjectConfig> declared,
        IEnumerable<ServiceFileRef> references, string kind)
    {
        var contents = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in references.Select(r => r.Source).Distinct())
        {
            if (!declared.TryGetValue(key, out var source) || source.External) continue;
            contents[key] = Content(project, source, kind);
        }
        return contents.ToImmutable();
    }

    private static byte[] Content(Project project, FileObjectConfig source, string kind)
    {
        if (source.Content is { } inline) return Encoding.UTF8.GetBytes(inline);
        if (source.Environment is { } variable)
            return project.Environment.TryGetValue(variable, out var value) ? Encoding.UTF8.GetBytes(value)
                : throw new StackDefinitionException($"{kind} {source.Key}: environment variable {variable} is not set");
        if (source.File is { } path)
        {
            try { return File.ReadAllBytes(path); }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new StackDefinitionException($"{kind} {source.Key}: cannot read {path}: {error.Message}");
            }
        }
        throw new StackDefinitionException($"{kind} {source.Key}: no file, content or environment given");
    }
}

/// <summary>A compose file that cannot become a stack (no image, bad port for swarm, unreadable secret...): nothing was changed.</summary>
public sealed class StackDefinitionException(string message) : Exception(message);
