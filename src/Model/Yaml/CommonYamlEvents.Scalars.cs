using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YMark = YamlDotNet.Core.Mark;

namespace Composer.Model.Yaml;
/// <summary>The fast path's scalars: plain, quoted and block, and anchor and alias names.</summary>
internal static partial class CommonYamlEvents
{
    private sealed partial class Reader
    {
        /// <summary>
        /// A literal (|) or folded (&gt;) block scalar, with optional '-' or '+' chomping. Its first line after the
        /// header must hold text (it sets the indentation); a folded scalar with more-indented lines, an indentation
        /// digit and other rarities are left to YamlDotNet. Returns the end of its last text line.
        /// </summary>
        private int BlockScalar(int p, int parent, Properties props)
        {
            var literal = t[p] == '|';
            var chomp = p + 1 < t.Length ? t[p + 1] switch { '-' => -1, '+' => 1, _ => 0 } : 0;
            var i = chomp == 0 ? p + 1 : p + 2;
            var header = EndOfLine(i); // a digit, or '#' right after the indicator, fails here
            if (header >= t.Length) throw Outside();
            var start = props.Any ? props.Start : MarkAt(p);

            var value = _text.Clear();
            var line = NextLine(header);
            var indent = SkipSpaces(line) - line;
            if (indent <= parent || EndsAt(line + indent)) throw Outside();
            var breaks = 0;          // blank lines since the last text line
            var lastEnd = header;    // end of the last text line
            var lastLine = _line;
            var lastLineStart = line;
            var first = true;
            while (true)
            {
                var spaces = SkipSpaces(line) - line;
                var blank = EndsAt(line + spaces);
                if (!blank || spaces > indent)
                {
                    if (spaces < indent) break;
                    if (!literal && t[line + indent] == ' ') throw Outside(); // folded with a more-indented line
                    // Lines join with their break (literal) or a space (folded); blank lines between keep their breaks,
                    // and in a folded scalar they replace the joining space.
                    if (!first && literal) value.Append('\n');
                    else if (!first && breaks == 0) value.Append(' ');
                    value.Append('\n', breaks);
                    breaks = 0;
                    first = false;
                    var end = line + indent;
                    while (end < t.Length && !IsBreak(t[end])) end++;
                    value.Append(t, line + indent, end - line - indent);
                    (lastEnd, lastLine, lastLineStart) = (end, _line, line);
                    if (end >= t.Length) break;
                    line = NextLine(end);
                }
                else
                {
                    if (line + spaces >= t.Length) break;
                    breaks++;
                    line = NextLine(line + spaces);
                }
            }
            // The last text line's break is kept unless stripped; the blank lines after it only with '+'.
            var finalBreak = lastEnd < t.Length;
            if (chomp != -1 && finalBreak) value.Append('\n');
            if (chomp == 1) value.Append('\n', breaks);
            // Resume after the last text line: the blank lines after it are read again as blank lines.
            (_line, _lineStart) = (lastLine, lastLineStart);
            AddScalar(props, value.ToString(), literal ? ScalarStyle.Literal : ScalarStyle.Folded, start);
            return lastEnd;
        }

        private void AddScalar(Properties props, string value, ScalarStyle style, YMark start, bool isKey = false)
        {
            if (style == ScalarStyle.Plain) _flowSincePlain = false;
            // YamlDotNet: a plain scalar without a tag is plain-implicit, a quoted one quoted-implicit, a tagged one neither.
            var plainImplicit = props.Tag.IsEmpty && style == ScalarStyle.Plain;
            var quotedImplicit = props.Tag.IsEmpty && style != ScalarStyle.Plain;
            _events.Add(new Scalar(props.Anchor, props.Tag, value, style, plainImplicit, quotedImplicit, start, start, isKey));
        }

        /// <summary>An anchor or alias name: letters, digits, '-', '_', '.'; the caller checks what follows.</summary>
        private int Name(int p)
        {
            var i = p;
            while (i < t.Length && (char.IsAsciiLetterOrDigit(t[i]) || t[i] is '-' or '_' or '.')) i++;
            if (i == p) throw Outside();
            return i;
        }

        private int Alias(int p, bool flow)
        {
            var end = Name(p + 1);
            if (!(SpaceOrEnd(end) || (flow && t[end] is ',' or ']' or '}'))) throw Outside();
            var m = MarkAt(p);
            _events.Add(new AnchorAlias(new AnchorName(t[(p + 1)..end]), m, m));
            return end;
        }

        /// <summary>
        /// Whether a plain scalar may start at <paramref name="p"/>: not an indicator, except '-' before a
        /// non-space (YamlDotNet also allows '?' and ':' there, and more in flow; those are left to it).
        /// </summary>
        private bool PlainStart(int p, bool flow)
        {
            var c = t[p];
            if (c == '-')
                return !SpaceOrEnd(p + 1) && !(flow && t[p + 1] is ',' or '[' or ']' or '{' or '}');
            return c is not (' ' or '\n' or '\r' or '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*'
                or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`');
        }

        /// <summary>
        /// A one-line plain scalar in block context; returns the end of its text (trailing spaces are not part of it).
        /// It stops at ': ', at ' #' and at the line end.
        /// </summary>
        private int PlainBlock(int p)
        {
            var i = p;
            var end = p;
            while (i < t.Length)
            {
                var c = t[i];
                if (IsBreak(c)) break;
                if (c == ' ')
                {
                    var j = SkipSpaces(i);
                    if (EndsAt(j) || t[j] == '#') break;
                    i = j;
                    continue;
                }
                if (c == ':' && SpaceOrEnd(i + 1)) break;
                end = ++i;
            }
            return end;
        }

        /// <summary>
        /// A one-line plain scalar in a flow collection: it also stops at ',', brackets and braces, and at ':'
        /// before ','. A comment or line end inside a flow collection (which then spans lines) is left to YamlDotNet.
        /// </summary>
        private int PlainFlow(int p)
        {
            var i = p;
            var end = p;
            while (true)
            {
                if (i >= t.Length) throw Outside();
                var c = t[i];
                if (IsBreak(c)) throw Outside();
                if (c == ' ')
                {
                    var j = SkipSpaces(i);
                    if (EndsAt(j) || t[j] == '#') throw Outside();
                    i = j;
                    continue;
                }
                if (c is ',' or '[' or ']' or '{' or '}') break;
                if (c == ':' && (i + 1 >= t.Length || t[i + 1] is ' ' or ',' or '\n' or '\r')) break;
                end = ++i;
            }
            return end;
        }

        /// <summary>A one-line quoted scalar at <paramref name="p"/>; returns the index after its closing quote.</summary>
        private int Quoted(int p, out string value)
        {
            var quote = t[p];
            var i = p + 1;
            System.Text.StringBuilder? sb = null;
            var run = i;
            while (true)
            {
                if (EndsAt(i)) throw Outside(); // spans lines, or unterminated
                var c = t[i];
                if (c == quote)
                {
                    if (quote == '\'' && i + 1 < t.Length && t[i + 1] == '\'')
                    {
                        (sb ??= new()).Append(t, run, i + 1 - run);
                        i += 2;
                        run = i;
                        continue;
                    }
                    break;
                }
                if (c == '\\' && quote == '"')
                {
                    var e = i + 1 < t.Length ? t[i + 1] : '\0';
                    var r = e switch
                    {
                        '\\' => '\\', '"' => '"', '/' => '/', 'n' => '\n', 't' => '\t', 'r' => '\r', _ => '\0',
                    };
                    if (r == '\0') throw Outside();
                    (sb ??= new()).Append(t, run, i - run).Append(r);
                    i += 2;
                    run = i;
                    continue;
                }
                i++;
            }
            value = sb is null ? t[(p + 1)..i] : sb.Append(t, run, i - run).ToString();
            var after = i + 1;
            // YamlDotNet refuses `"a"#b`; and `'a'b` is an error too: what follows must be a space, a line end,
            // or (in flow, checked by the caller) an indicator.
            if (after < t.Length && t[after] is not (' ' or '\n' or '\r' or ',' or ']' or '}' or ':')) throw Outside();
            return after;
        }
    }
}
