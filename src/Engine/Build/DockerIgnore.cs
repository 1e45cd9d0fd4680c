using System.Text;
using System.Text.RegularExpressions;

namespace Composer.Engine.Build;

/// <summary>
/// .dockerignore as Docker reads it: one pattern a line, `#` comments, `*` and `?` within a path
/// segment, `**` across segments, a leading `/` ignored, `!` re-includes, and the last matching
/// line wins. A pattern that matches a directory excludes everything below it.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclusion)> _rules = [];

    public DockerIgnore(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var exclusion = line.StartsWith('!');
            if (exclusion) line = line[1..].Trim();
            line = Clean(line);
            if (line.Length == 0) continue;
            _rules.Add((new Regex("^" + ToRegex(line) + "$", RegexOptions.CultureInvariant), exclusion));
        }
    }

    public static DockerIgnore Load(string contextDirectory)
    {
        var path = Path.Combine(contextDirectory, ".dockerignore");
        return new DockerIgnore(File.Exists(path) ? File.ReadAllLines(path) : []);
    }

    /// <summary>True when the path (relative, '/'-separated) is left out of the build context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var path = Clean(relativePath);
        var excluded = false;
        foreach (var (pattern, exclusion) in _rules)
            if (MatchesOrParentMatches(pattern, path)) excluded = !exclusion;
        return excluded;
    }

    /// <summary>Whether an excluded directory may still hold re-included files (so it must be walked).</summary>
    public bool HasExclusions => _rules.Any(r => r.Exclusion);

    private static bool MatchesOrParentMatches(Regex pattern, string path)
    {
        if (pattern.IsMatch(path)) return true;
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            if (pattern.IsMatch(path[..slash])) return true;
        return false;
    }

    private static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == ".." ) { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/') { i++; regex.Append("(.*/)?"); }
                    else regex.Append(".*");
                    break;
                case '*': regex.Append("[^/]*"); break;
                case '?': regex.Append("[^/]"); break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0) { regex.Append("\\["); break; }
                    var set = pattern[(i + 1)..end];
                    regex.Append('[').Append(set.StartsWith('^') || set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                    break;
                case '\\' when i + 1 < pattern.Length: regex.Append(Regex.Escape(pattern[++i].ToString())); break;
                default: regex.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return regex.ToString();
    }
}
