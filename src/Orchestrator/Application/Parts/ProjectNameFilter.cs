using System.Text.RegularExpressions;

namespace Composer.Orchestrator.Application;

/// <summary>
/// `ls --filter name=X` as docker compose reads it: `name` is the one key; a project is kept when
/// its name equals one of the values or matches it as an (unanchored) regular expression.
/// </summary>
internal static class ProjectNameFilter
{
    public static string[] Parse(string[] filters) => [.. filters.Select(filter =>
    {
        var equals = filter.IndexOf('=');
        if (equals < 0) throw new UsageException($"bad format of --filter \"{filter}\" (expected name=value)");
        return filter[..equals].Trim().ToLowerInvariant() == "name"
            ? filter[(equals + 1)..]
            : throw new UsageException($"invalid filter '{filter[..equals]}' (supported filters: name)");
    })];

    public static bool Matches(IReadOnlyCollection<string> names, string project) =>
        names.Count == 0 || names.Any(name => name == project || IsMatch(project, name));

    /// <summary>A value that is no valid expression only matches itself, as compose skips it.</summary>
    private static bool IsMatch(string project, string pattern)
    {
        try { return Regex.IsMatch(project, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException) { return false; }
    }
}
