using System.Text;

namespace Composer.Model.Loading;

/// <summary>
/// Parses .env / env_file content: KEY=VALUE lines, optional `export `, # comments, single quotes (literal),
/// double quotes (escapes, multi-line), and ${VAR} substitution in unquoted and double-quoted values
/// (from the variables defined above, then <c>lookup</c>). A bare KEY takes its value from <c>lookup</c>.
/// </summary>
internal static class DotEnv
{
    public readonly record struct Error(int Line, int Column, string Message);

    public static List<KeyValuePair<string, string?>> Parse(string text, Func<string, string?> lookup, bool raw, List<Error> errors)
    {
        var result = new List<KeyValuePair<string, string?>>();
        var local = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? Lookup(string k) => local.TryGetValue(k, out var v) && v is not null ? v : lookup(k);

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
            if (trimmed.StartsWith("export ", StringComparison.Ordinal)) trimmed = trimmed[7..].TrimStart();
            var eq = trimmed.IndexOf('=');
            var key = (eq < 0 ? trimmed : trimmed[..eq]).Trim();
            if (eq < 0)
            {
                // "KEY" alone (maybe with a trailing comment).
                var hash = key.IndexOf(" #", StringComparison.Ordinal);
                if (hash >= 0) key = key[..hash].Trim();
            }
            if (key.Length == 0 || !key.All(c => Interpolation.IsNameChar(c) || c is '.' or '-'))
            {
                errors.Add(new(lineNo, col, $"invalid variable name '{key}'"));
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
                            var n = buf[pos + 1];
                            sb.Append(n switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '"' => '"', '\\' => '\\', '$' => '\u0001', _ => '\\' });
                            if (n is not ('n' or 't' or 'r' or '"' or '\\' or '$')) sb.Append(n);
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
                var hash = rest.IndexOf(" #", StringComparison.Ordinal);
                if (hash < 0) hash = rest.IndexOf("\t#", StringComparison.Ordinal);
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
}
