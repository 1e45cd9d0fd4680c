using System.Text;

namespace Composer.Model.Loading;

/// <summary>Splits a command string like a POSIX shell does (quotes and backslash escapes; no expansion).</summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string text) =>
        TrySplit(text, out var words, out var error) ? words : throw new FormatException(error);

    public static bool TrySplit(string text, out List<string> words, out string? error)
    {
        words = [];
        error = null;
        var sb = new StringBuilder();
        var inWord = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                if (inWord) { words.Add(sb.ToString()); sb.Clear(); inWord = false; }
                i++;
                continue;
            }
            inWord = true;
            if (c == '\\')
            {
                if (i + 1 < text.Length)
                {
                    if (text[i + 1] != '\n') sb.Append(text[i + 1]);
                    i += 2;
                }
                else { sb.Append('\\'); i++; }
                continue;
            }
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                if (end < 0) { error = "unterminated single quote"; return false; }
                sb.Append(text, i + 1, end - i - 1);
                i = end + 1;
                continue;
            }
            if (c == '"')
            {
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    var d = text[i];
                    if (d == '"') { closed = true; i++; break; }
                    if (d == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`' or '\n')
                    {
                        if (text[i + 1] != '\n') sb.Append(text[i + 1]);
                        i += 2;
                        continue;
                    }
                    sb.Append(d);
                    i++;
                }
                if (!closed) { error = "unterminated double quote"; return false; }
                continue;
            }
            sb.Append(c);
            i++;
        }
        if (inWord) words.Add(sb.ToString());
        return true;
    }
}
