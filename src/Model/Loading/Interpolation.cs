using System.Text;

namespace Composer.Model.Loading;

/// <summary>
/// Compose variable substitution with compose-go's grammar (template/template.go), which docker compose v2 uses:
/// <list type="bullet">
/// <item><c>$$</c> is a literal <c>$</c>.</item>
/// <item><c>$NAME</c> where NAME starts with an ASCII letter or <c>_</c> and goes on with letters, digits, <c>_</c>.</item>
/// <item><c>${NAME}</c>, and <c>${NAME</c> OP ARG <c>}</c> with OP one of <c>:-</c> <c>-</c> <c>:?</c> <c>?</c> <c>:+</c> <c>+</c>.
/// The ARG is substituted only when it is used, so an error inside an unused default is not reported.</item>
/// <item>A <c>$</c> followed by anything else (a digit, a space, <c>(</c>, the end of the text) is kept as it is:
/// compose-go's pattern does not match there, so <c>echo $(hostname)</c> and <c>"^a$"</c> pass through.</item>
/// <item><c>${</c> not followed by a name and then <c>}</c> or an operator is an invalid template (an error).</item>
/// </list>
/// Where the ARG ends: compose-go's regex takes everything up to the last <c>}</c> on the same line, then cuts it at
/// the first brace that balances the opening <c>${</c> (counting <c>{</c> and <c>}</c>, and skipping the character
/// right after each <c>{</c>). We do the same scan, so <c>${X:-{"a":1}}</c> gives <c>{"a":1}</c> and the rest of the
/// line is substituted on its own.
/// </summary>
public static class Interpolation
{
    /// <summary>Nested <c>${...}</c> in defaults recurse; a hostile value could nest thousands deep.</summary>
    public const int MaxNesting = 64;

    /// <summary>Substitutes variables; on error returns null and sets <paramref name="error"/>.</summary>
    public static string? Interpolate(string text, Func<string, string?> lookup, out string? error)
    {
        error = null;
        if (text.IndexOf('$') < 0) return text;
        return Substitute(text, 0, text.Length, lookup, 0, ref error);
    }

    public static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);
    public static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);

    // The text to substitute is s[from..to]: a nested default is a range of the same string, never a copy, so a
    // hostile value nested 64 deep costs 64 scans, not 64 copies of itself.
    private static string? Substitute(string s, int from, int to, Func<string, string?> lookup, int depth, ref string? error)
    {
        if (depth > MaxNesting)
        {
            error = $"invalid interpolation format in \"{Short(s, from, to)}\": defaults nested more than {MaxNesting} levels deep";
            return null;
        }
        var sb = new StringBuilder(Math.Min(to - from, 256));
        var i = from;
        while (i < to)
        {
            var dollar = s.IndexOf('$', i, to - i);
            if (dollar < 0) { sb.Append(s, i, to - i); break; }
            sb.Append(s, i, dollar - i);
            i = dollar;
            if (i + 1 >= to) { sb.Append('$'); i++; continue; }
            var next = s[i + 1];
            if (next == '$') { sb.Append('$'); i += 2; continue; }
            if (IsNameStart(next))
            {
                var end = i + 2;
                while (end < to && IsNameChar(s[end])) end++;
                sb.Append(lookup(s[(i + 1)..end]) ?? "");
                i = end;
                continue;
            }
            if (next != '{') { sb.Append('$'); i++; continue; }
            var value = Braced(s, from, to, ref i, lookup, depth, ref error);
            if (value is null) return null;
            sb.Append(value);
        }
        return sb.ToString();
    }

    /// <summary>One <c>${...}</c> starting at <paramref name="i"/>; moves <paramref name="i"/> past its closing brace.</summary>
    private static string? Braced(string s, int from, int to, ref int i, Func<string, string?> lookup, int depth, ref string? error)
    {
        var start = i;
        var nameEnd = i + 2;
        if (nameEnd >= to || !IsNameStart(s[nameEnd])) return Invalid(s, from, to, ref error, "expected a variable name after '${'");
        while (nameEnd < to && IsNameChar(s[nameEnd])) nameEnd++;
        var name = s[(i + 2)..nameEnd];
        if (nameEnd < to && s[nameEnd] == '}')
        {
            i = nameEnd + 1;
            return lookup(name) ?? "";
        }
        var colon = nameEnd < to && s[nameEnd] == ':';
        var opAt = colon ? nameEnd + 1 : nameEnd;
        if (opAt >= to || s[opAt] == '\n') return Invalid(s, from, to, ref error, $"no closing '}}' for '${{{name}'");
        if (s[opAt] is not ('-' or '?' or '+'))
            return Invalid(s, from, to, ref error, $"'${{{name}' must be followed by '}}' or one of :- - :? ? :+ +");
        var op = s[opAt];
        var close = ClosingBrace(s, start, opAt + 1, to);
        if (close < 0) return Invalid(s, from, to, ref error, $"no closing '}}' for '${{{name}' on the same line");
        i = close + 1;

        var value = lookup(name);
        var missing = value is null || (colon && value.Length == 0);
        switch (op)
        {
            case '-':
                return missing ? Substitute(s, opAt + 1, close, lookup, depth + 1, ref error) : value;
            case '+':
                return missing ? value ?? "" : Substitute(s, opAt + 1, close, lookup, depth + 1, ref error);
            default:
                if (!missing) return value;
                var reason = Substitute(s, opAt + 1, close, lookup, depth + 1, ref error);
                if (reason is null) return null;
                error = reason.Length > 0 ? $"required variable {name} is missing a value: {reason}" : $"required variable {name} is missing a value";
                return null;
        }
    }

    /// <summary>
    /// compose-go's closing brace: the first brace that balances the <c>${</c> at <paramref name="start"/> (the char
    /// after each <c>{</c> is skipped, as compose-go does), else the last <c>}</c> on the line after
    /// <paramref name="argStart"/>; -1 if there is none. The scan stops at the end of the line, as compose-go's
    /// <c>.*</c> does not cross a newline, and at <paramref name="to"/>, the end of the text being substituted.
    /// </summary>
    private static int ClosingBrace(string s, int start, int argStart, int to)
    {
        var open = 0;
        var lastBrace = -1;
        for (var p = start; p < to && s[p] != '\n'; p++)
        {
            if (s[p] == '}')
            {
                if (p >= argStart) lastBrace = p;
                if (--open == 0) return p;
            }
            else if (s[p] == '{')
            {
                open++;
                p++;
                if (p < to && s[p] == '}' && p >= argStart) lastBrace = p;
                if (p < to && s[p] == '\n') break;
            }
        }
        return lastBrace;
    }

    private static string? Invalid(string s, int from, int to, ref string? error, string reason)
    {
        error = $"invalid interpolation format in \"{Short(s, from, to)}\": {reason} (write $$ for a literal $)";
        return null;
    }

    /// <summary>Messages quote the value on one line; a hostile 50 MB value must not end up in one.</summary>
    private static string Short(string s, int from, int to) =>
        (to - from <= 200 ? s[from..to] : s[from..(from + 200)] + "…").Replace("\n", "\\n");
}
