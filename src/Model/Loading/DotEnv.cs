using System.Text;

namespace Composer.Model.Loading;

/// <summary>
/// Parses .env / env_file content as compose-go's dotenv parser: KEY=VALUE (or KEY: VALUE) lines, optional
/// `export `, # comments, single quotes (literal but for \'), double quotes (escapes, multi-line), and ${VAR}
/// substitution in unquoted and double-quoted values (from <c>lookup</c>, then the variables defined above).
/// A bare KEY takes its value from <c>lookup</c>.
/// </summary>
internal static class DotEnv
{
    public readonly record struct Error(int Line, int Column, string Message);

    public static List<KeyValuePair<string, string?>> Parse(string text, Func<string, string?> lookup, bool raw, List<Error> errors)
    {
        var result = new List<KeyValuePair<string, string?>>();
        var local = new Dictionary<string, string?>(StringComparer.Ordinal);
        // As compose-go's expandVariables: the environment first, then what this file set above.
        string? Lookup(string k) => lookup(k) ?? (local.TryGetValue(k, out var v) ? v : null);

        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var ln = 0; ln < lines.Length; ln++)
        {
            var line = lines[ln];
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            var lineNo = ln + 1;
            var col = line.Length - trimmed.Length + 1;
            if (raw)
            {
                var eqr = trimmed.IndexOf('=');
                var keyr = (eqr < 0 ? trimmed : trimmed[..eqr]).Trim();
                if (keyr.Length == 0) { errors.Add(new(lineNo, col, "missing variable name")); continue; }
                var valr = eqr < 0 ? Lookup(keyr) : trimmed[(eqr + 1)..];
                if (eqr < 0 && valr is null) continue;
                local[keyr] = valr;
                result.Add(new(keyr, valr));
                continue;
            }
            // compose-go: `export` then any blank; the key ends at the first '=' or ':' (it also reads the YAML
            // style `KEY: value`); a line with neither is a key whose value comes from the environment.
            if (trimmed.StartsWith("export", StringComparison.Ordinal) && trimmed.Length > 6 && trimmed[6] is ' ' or '\t')
                trimmed = trimmed[7..].TrimStart(' ', '\t');
            var eq = trimmed.IndexOfAny(['=', ':']);
            var key = (eq < 0 ? trimmed : trimmed[..eq]).Trim();
            if (KeyError(key) is { } keyError)
            {
                errors.Add(new(lineNo, col, keyError));
                continue;
            }
            if (eq < 0)
            {
                var v = lookup(key);
                if (v is not null) { local[key] = v; result.Add(new(key, v)); }
                continue;
            }
            var rest = trimmed[(eq + 1)..].TrimStart(' ', '\t');
            string value;
            if (rest.Length > 0 && rest[0] is '\'' or '"')
            {
                var q = rest[0];
                var sb = new StringBuilder();
                var pos = 1;
                var buf = rest;
                var closed = false;
                while (true)
                {
                    while (pos < buf.Length)
                    {
                        var c = buf[pos];
                        if (c == q) { closed = true; break; }
                        if (q == '"' && c == '\\' && pos + 1 < buf.Length)
                        {
                            pos += Escape(buf, pos, sb);
                            continue;
                        }
                        // In single quotes only \' is an escape (compose-go's extractVarValue); the rest is literal.
                        if (q == '\'' && c == '\\' && pos + 1 < buf.Length && buf[pos + 1] == '\'')
                        {
                            sb.Append('\'');
                            pos += 2;
                            continue;
                        }
                        sb.Append(c);
                        pos++;
                    }
                    if (closed || ln + 1 >= lines.Length) break;
                    sb.Append('\n');
                    ln++;
                    buf = lines[ln];
                    pos = 0;
                }
                if (!closed) { errors.Add(new(lineNo, col, $"unterminated quoted value for {key}")); continue; }
                value = sb.ToString();
                if (q == '"')
                {
                    var iv = Interpolation.Interpolate(value.Replace("\u0001", "$$"), Lookup, out var err);
                    if (iv is null) { errors.Add(new(lineNo, col, err!)); continue; }
                    value = iv;
                }
            }
            else
            {
                // Only " #" starts a comment: "a#b" and "a\t#b" keep their '#'.
                var hash = rest.IndexOf(" #", StringComparison.Ordinal);
                if (hash >= 0) rest = rest[..hash];
                rest = rest.TrimEnd();
                var iv = Interpolation.Interpolate(rest, Lookup, out var err);
                if (iv is null) { errors.Add(new(lineNo, col, err!)); continue; }
                value = iv;
            }
            local[key] = value;
            result.Add(new(key, value));
        }
        return result;
    }
    /// <summary>compose-go's locateKeyName: letters, digits, '_', '.', '-', '[' and ']'; a space is its own error.</summary>
    private static string? KeyError(string key)
    {
        if (key.Length == 0) return "missing variable name";
        // As compose-go: a character outside the set is reported first ("KEY # note" names the '#'), then spaces.
        foreach (var c in key)
            if (!char.IsWhiteSpace(c) && !char.IsLetterOrDigit(c) && c is not ('_' or '.' or '-' or '[' or ']'))
                return $"unexpected character '{c}' in variable name '{key}'";
        return key.Any(char.IsWhiteSpace) ? $"key '{key}' cannot contain a space" : null;
    }

    /// <summary>
    /// One escape in a double-quoted value at <paramref name="pos"/> (a backslash), as compose-go's expandEscapes:
    /// \a \b \f \n \r \t \v \" \\ and \0 with three octal digits; \$ is a literal '$' (kept as a marker until
    /// interpolation has run); any other backslash stays. Returns the characters consumed.
    /// </summary>
    private static int Escape(string buf, int pos, StringBuilder sb)
    {
        var n = buf[pos + 1];
        char? c = n switch
        {
            'a' => '\a', 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', 'v' => '\v',
            '"' => '"', '\\' => '\\', '$' => '\u0001', _ => null,
        };
        if (c is { } e) { sb.Append(e); return 2; }
        if (n == '0' && IsOctal(buf, pos + 2, 3) && Convert.ToInt32(buf.Substring(pos + 2, 3), 8) <= 255)
        {
            sb.Append((char)Convert.ToInt32(buf.Substring(pos + 2, 3), 8));
            return 5;
        }
        sb.Append('\\').Append(n);
        return 2;
    }

    private static bool IsOctal(string s, int from, int count)
    {
        if (from + count > s.Length) return false;
        for (var i = from; i < from + count; i++) if (s[i] is < '0' or > '7') return false;
        return true;
    }
}
