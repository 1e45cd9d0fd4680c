using System.Text.RegularExpressions;

namespace Composer.Model;

/// <summary>A variable a compose file refers to, as `config --variables` lists it.</summary>
/// <param name="Default">From `${NAME:-x}` or `${NAME-x}`.</param>
/// <param name="Alternate">From `${NAME:+x}` or `${NAME+x}`: the value used when NAME is set.</param>
/// <param name="Required">`${NAME:?msg}` or `${NAME?msg}`: interpolation fails without it.</param>
public sealed record VariableReference(string Name, bool Required, string Default, string Alternate);

/// <summary>
/// Finds the `$NAME` and `${NAME...}` references of a compose file's text (not `$$`, not in comment
/// lines), one per name, the last one written winning as in docker compose's listing.
/// </summary>
public static partial class VariableReferences
{
    public static IReadOnlyList<VariableReference> Find(IEnumerable<string> texts)
    {
        var found = new SortedDictionary<string, VariableReference>(StringComparer.Ordinal);
        foreach (var line in texts.SelectMany(t => t.Split('\n')).Where(l => !l.TrimStart().StartsWith('#')))
        {
            foreach (Match match in Reference().Matches(line))
            {
                if (match.Groups["escaped"].Success) continue;
                var name = match.Groups["named"].Success ? match.Groups["named"].Value : match.Groups["braced"].Value;
                var op = match.Groups["op"].Value.TrimStart(':');
                var argument = match.Groups["arg"].Value;
                found[name] = new VariableReference(name, op == "?", op == "-" ? argument : "", op == "+" ? argument : "");
            }
        }
        return [.. found.Values];
    }

    // $$ first, so an escaped dollar is consumed before it can start a reference.
    [GeneratedRegex(@"(?<escaped>\$\$)|\$(?<named>[A-Za-z_][A-Za-z0-9_]*)|\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?+])(?<arg>(?:[^{}]|\{[^{}]*\})*))?\}")]
    private static partial Regex Reference();
}
