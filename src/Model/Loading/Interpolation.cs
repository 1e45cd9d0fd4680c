using System.Text;

namespace Composer.Model.Loading;

/// <summary>
/// Compose variable substitution: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err},
/// ${VAR?err}, ${VAR:+alt}, ${VAR+alt}, nested values inside defaults, and $$ for a literal $.
/// </summary>
public static class Interpolation
{
    /// <summary>Substitutes variables; on error returns null and sets <paramref name="error"/>.</summary>
    public static string? Interpolate(string text, Func<string, string?> lookup, out string? error)
    {
        error = null;
        if (text.IndexOf('$') < 0) return text;
        var i = 0;
        var result = Parse(text, ref i, lookup, inBraces: false, ref error);
        return error is null ? result : null;
    }

    public static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);
    public static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);

    private static string Parse(string s, ref int i, Func<string, string?> lookup, bool inBraces, ref string? error)
    {
        var sb = new StringBuilder();
        while (i < s.Length && error is null)
        {
            var c = s[i];
            if (inBraces && c == '}') return sb.ToString();
            if (c != '$') { sb.Append(c); i++; continue; }
            if (i + 1 >= s.Length) { error = $"invalid interpolation format in \"{s}\": a lone '$' (write $$ for a literal $)"; return ""; }
            var n = s[i + 1];
            if (n == '$') { sb.Append('$'); i += 2; continue; }
            if (IsNameStart(n))
            {
                var start = i + 1;
                var j = start;
                while (j < s.Length && IsNameChar(s[j])) j++;
                sb.Append(lookup(s[start..j]) ?? "");
                i = j;
                continue;
            }
            if (n != '{') { error = $"invalid interpolation format in \"{s}\": '$' must be followed by a name, '{{' or '$'"; return ""; }
            i += 2;
            var nameStart = i;
            while (i < s.Length && IsNameChar(s[i])) i++;
            var name = s[nameStart..i];
            if (name.Length == 0 || !IsNameStart(name[0]))
            {
                error = $"invalid interpolation format in \"{s}\": expected a variable name after '${{'";
                return "";
            }
            if (i >= s.Length) { error = $"invalid interpolation format in \"{s}\": missing '}}'"; return ""; }
            var op = s[i];
            if (op == '}') { i++; sb.Append(lookup(name) ?? ""); continue; }
            var colon = false;
            if (op == ':')
            {
                colon = true;
                i++;
                if (i >= s.Length) { error = $"invalid interpolation format in \"{s}\": missing '}}'"; return ""; }
                op = s[i];
            }
            if (op is not ('-' or '?' or '+'))
            {
                error = $"invalid interpolation format in \"{s}\": unexpected '{op}' after variable name '{name}'";
                return "";
            }
            i++;
            var value = lookup(name);
            // Parse the argument (it may itself contain substitutions). Errors in an unused branch still count as
            // syntax errors, but ${X:?msg} only fails when taken.
            string? argError = null;
            var argStart = i;
            var arg = Parse(s, ref i, lookup, inBraces: true, ref argError);
            if (argError is not null) { error = argError; return ""; }
            if (i >= s.Length) { error = $"invalid interpolation format in \"{s}\": missing '}}'"; return ""; }
            i++; // '}'
            var unset = value is null || (colon && value.Length == 0);
            switch (op)
            {
                case '-':
                    sb.Append(unset ? arg : value);
                    break;
                case '+':
                    sb.Append(unset ? "" : arg);
                    break;
                default:
                    if (unset)
                    {
                        var msg = arg.Length > 0 ? arg : (colon ? "is not set or empty" : "is not set");
                        error = $"required variable {name} is missing a value: {msg}";
                        return "";
                    }
                    sb.Append(value);
                    break;
            }
            _ = argStart;
        }
        if (inBraces && error is null) { }
        return sb.ToString();
    }
}
