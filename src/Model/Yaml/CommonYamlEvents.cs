using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YMark = YamlDotNet.Core.Mark;

namespace Composer.Model.Yaml;

/// <summary>
/// A fast path for the YAML that compose files nearly always use: block mappings and sequences, one-line scalars
/// and flow collections, comments, anchors, aliases and the !reset / !override tags. It turns the text into the
/// same event list YamlDotNet's parser gives (same values, styles, anchors, tags and start marks), which feeds the
/// one builder in <see cref="YamlReader"/>; YamlDotNet's scanner allocates about 30 bytes per input byte.
/// Anything outside that subset, and anything wrong, gives null: the caller then runs YamlDotNet, so every
/// syntax error and every rare construct is still YamlDotNet's answer. When in doubt, this answers null.
/// </summary>
internal static class CommonYamlEvents
{
    private const int MaxBlockDepth = 100;
    private const int MaxFlowDepth = 50;
    // YamlDotNet refuses a simple key longer than 1024 characters; stay well below.
    private const int MaxKeyLength = 1000;

    /// <summary>The events of <paramref name="text"/>, or null when the text is not in the subset.</summary>
    public static List<ParsingEvent>? TryRead(string text)
    {
        if (!PlainCharacters(text)) return null;
        try
        {
            return new Reader(text).Run();
        }
        catch (OutsideSubset)
        {
            return null;
        }
    }

    /// <summary>Text with a tab, a control or unusual line-break character, a BOM or a lone CR is left to YamlDotNet.</summary>
    private static bool PlainCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ')
            {
                if (c == '\n') continue;
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
                return false;
            }
            if (c < 0x7F) continue;
            if (c <= 0x9F || c is '\u2028' or '\u2029' or '\uFEFF' or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c)) return false;
        }
        return true;
    }

    private sealed class OutsideSubset : Exception
    {
        public static readonly OutsideSubset Instance = new();
    }

    private static OutsideSubset Outside() => OutsideSubset.Instance;

    private static readonly TagName Reset = new("!reset"), Override = new("!override");

    /// <summary>An open block collection: the column (0-based) of its keys or dashes.</summary>
    private readonly record struct Frame(int Indent, bool IsSequence, bool Indentless);

    /// <summary>
    /// The line-by-line reader. A line holds a key (`key: value`), or an entry (`- value`, `- key: value`,
    /// `- - value`); a line that ends before its value (`key:`, `-`, `key: &amp;anchor`) leaves the value pending,
    /// and the next line decides: a deeper key or dash opens a collection, anything else makes it empty.
    /// </summary>
    private sealed class Reader(string t)
    {
        // About one event per 9 characters in a compose file; bounded, as a file may be mostly comments.
        private readonly List<ParsingEvent> _events = new(Math.Clamp(t.Length / 9, 16, 1 << 17));
        private readonly List<Frame> _frames = [];
        private readonly System.Text.StringBuilder _text = new();
        private int _line = 1, _lineStart;

        // The value left pending at the end of the previous line.
        private bool _pending = true;
        private bool _pendingFromKey;
        private int _pendingParent = -1;   // indent of the collection holding the pending value; -1 for the document
        private YMark _pendingEmptyMark;    // YamlDotNet marks an empty value just after its ':' or '-'
        private Properties _pendingProps;
        // A flow collection ended since the last plain scalar (YamlDotNet's flowCollectionFetched / flowScalarFetched).
        private bool _flowSincePlain;

        private record struct Properties(AnchorName Anchor, TagName Tag, YMark Start, bool Any);

        private YMark MarkAt(int i) => new(i, _line, i - _lineStart + 1);

        public List<ParsingEvent> Run()
        {
            var zero = new YMark(0, 1, 1);
            _events.Add(new StreamStart(zero, zero));
            var started = false;
            var i = 0;
            while (i < t.Length)
            {
                _lineStart = i;
                var p = i;
                while (p < t.Length && t[p] == ' ') p++;
                if (p < t.Length && !IsBreak(t[p]) && t[p] != '#')
                {
                    if (p == i && (t[p] == '%' || StartsWith(p, "---") || StartsWith(p, "...")))
                        throw Outside();
                    if (!started)
                    {
                        started = true;
                        var m = MarkAt(p);
                        _events.Add(new DocumentStart(null, null, true, m, m));
                    }
                    p = Line(p);
                }
                else if (p < t.Length && t[p] == '#')
                {
                    while (p < t.Length && !IsBreak(t[p])) p++;
                }
                i = NextLine(p);
            }
            if (!started || _frames.Count == 0) throw Outside();

            // YamlDotNet ends the stream at the start of the line after the last one.
            var end = new YMark(t.Length, t[^1] == '\n' ? _line : _line + 1, 1);
            if (_pending) EmitPendingEmpty();
            CloseDeeperThan(-1, end);
            _events.Add(new DocumentEnd(true, end, end));
            _events.Add(new StreamEnd(end, end));
            return _events;
        }

        /// <summary>Skips a line break at <paramref name="p"/> (the reader is at the end of a line).</summary>
        private int NextLine(int p)
        {
            if (p >= t.Length) return p;
            if (t[p] == '\r') p++;
            if (p >= t.Length || t[p] != '\n') throw Outside();
            _line++;
            return p + 1;
        }

        private bool StartsWith(int p, string s) => string.CompareOrdinal(t, p, s, 0, s.Length) == 0;
        private static bool IsBreak(char c) => c is '\n' or '\r';
        private bool EndsAt(int p) => p >= t.Length || IsBreak(t[p]);
        private bool SpaceOrEnd(int p) => p >= t.Length || t[p] is ' ' or '\n' or '\r';
        private bool IsDash(int p) => t[p] == '-' && SpaceOrEnd(p + 1);
        private int SkipSpaces(int p)
        {
            while (p < t.Length && t[p] == ' ') p++;
            return p;
        }

        /// <summary>One line with content starting at <paramref name="p"/>; returns where the line ends.</summary>
        private int Line(int p)
        {
            var column = p - _lineStart;
            var dash = IsDash(p);
            if (_pending)
            {
                if (column > _pendingParent || (column == _pendingParent && _pendingFromKey && dash))
                    return OpenCollection(p, dash, indentless: column == _pendingParent);
                EmitPendingEmpty();
            }

            var here = MarkAt(p);
            CloseDeeperThan(column, here);
            if (_frames.Count > 0 && _frames[^1] is { IsSequence: true, Indentless: true } f && f.Indent == column && !dash)
            {
                _frames.RemoveAt(_frames.Count - 1);
                _events.Add(new SequenceEnd(here, here));
            }
            if (_frames.Count == 0 || _frames[^1].Indent != column) throw Outside();
            if (_frames[^1].IsSequence)
            {
                if (!dash) throw Outside();
                return EndOfLine(Entry(p));
            }
            if (!TryKey(p, out var key)) throw Outside();
            return EndOfLine(KeyEntry(key));
        }

        /// <summary>The pending value is a block collection starting on this line.</summary>
        private int OpenCollection(int p, bool dash, bool indentless)
        {
            var props = _pendingProps;
            _pending = false;
            _pendingProps = default;
            var start = props.Any ? props.Start : MarkAt(p);
            if (dash)
            {
                Push(new Frame(p - _lineStart, true, indentless));
                _events.Add(new SequenceStart(props.Anchor, props.Tag, props.Tag.IsEmpty, SequenceStyle.Block, start, start));
                return EndOfLine(Entry(p));
            }
            if (!TryKey(p, out var key)) throw Outside();
            Push(new Frame(p - _lineStart, false, false));
            _events.Add(new MappingStart(props.Anchor, props.Tag, props.Tag.IsEmpty, MappingStyle.Block, start, start));
            return EndOfLine(KeyEntry(key));
        }

        private void Push(Frame f)
        {
            if (_frames.Count >= MaxBlockDepth) throw Outside();
            _frames.Add(f);
        }

        private void CloseDeeperThan(int column, YMark at)
        {
            while (_frames.Count > 0 && _frames[^1].Indent > column)
            {
                var f = _frames[^1];
                _frames.RemoveAt(_frames.Count - 1);
                _events.Add(f.IsSequence ? new SequenceEnd(at, at) : new MappingEnd(at, at));
            }
        }

        private void EmitPendingEmpty()
        {
            var props = _pendingProps;
            _events.Add(props.Any
                ? new Scalar(props.Anchor, props.Tag, "", ScalarStyle.Plain, props.Tag.IsEmpty, false, props.Start, props.Start)
                : new Scalar(AnchorName.Empty, TagName.Empty, "", ScalarStyle.Plain, true, false, _pendingEmptyMark, _pendingEmptyMark));
            _pending = false;
            _pendingProps = default;
        }

        private void SetPending(bool fromKey, int parent, YMark emptyMark, Properties props)
        {
            _pending = true;
            _pendingFromKey = fromKey;
            _pendingParent = parent;
            _pendingEmptyMark = emptyMark;
            _pendingProps = props;
        }

        /// <summary>After a node: spaces, then the line break or a ` #` comment; returns where the line ends.</summary>
        private int EndOfLine(int p)
        {
            var q = SkipSpaces(p);
            if (q < t.Length && t[q] == '#' && q > p)
                while (q < t.Length && !IsBreak(t[q])) q++;
            if (!EndsAt(q)) throw Outside();
            return q;
        }

        /// <summary>A `- ` entry of the sequence whose dash is at <paramref name="p"/>; returns where its content ends.</summary>
        private int Entry(int p)
        {
            var column = p - _lineStart;
            var q = SkipSpaces(p + 1);
            if (EndsAt(q) || t[q] == '#')
            {
                SetPending(false, column, MarkAt(p + 1), default);
                return q;
            }
            if (IsDash(q))
            {
                Push(new Frame(q - _lineStart, true, false));
                var m = MarkAt(q);
                _events.Add(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block, m, m));
                return Entry(q);
            }
            if (TryKey(q, out var key))
            {
                Push(new Frame(q - _lineStart, false, false));
                var m = MarkAt(q);
                _events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Block, m, m));
                return KeyEntry(key);
            }
            return Value(q, false, column, MarkAt(p + 1));
        }

        private readonly record struct Key(int Start, string Value, ScalarStyle Style, int Colon);

        /// <summary>A `key:` at <paramref name="p"/> (plain or quoted, followed by ': ' or ':' at the end of the line).</summary>
        private bool TryKey(int p, out Key key)
        {
            key = default;
            string? value = null;
            var style = ScalarStyle.Plain;
            int end;
            if (t[p] is '"' or '\'')
            {
                end = Quoted(p, out value);
                style = t[p] == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted;
            }
            else
            {
                if (!PlainStart(p, flow: false)) return false;
                end = PlainBlock(p);
            }
            var colon = SkipSpaces(end);
            if (colon >= t.Length || t[colon] != ':' || !SpaceOrEnd(colon + 1)) return false;
            if (colon - p > MaxKeyLength) throw Outside();
            key = new Key(p, value ?? t[p..end], style, colon);
            return true;
        }

        /// <summary>The key's scalar, then its value; returns where the value ends on this line.</summary>
        private int KeyEntry(Key key)
        {
            AddScalar(default, key.Value, key.Style, MarkAt(key.Start), isKey: true);
            var q = SkipSpaces(key.Colon + 1);
            var emptyMark = MarkAt(key.Colon + 1);
            var column = key.Start - _lineStart;
            if (EndsAt(q) || (t[q] == '#' && q > key.Colon + 1))
            {
                SetPending(true, column, emptyMark, default);
                return q;
            }
            return Value(q, true, column, emptyMark);
        }

        /// <summary>
        /// A value on the line of its key or dash: optional anchor and tag, then a one-line scalar, an alias or a
        /// flow collection; properties alone leave the value pending.
        /// </summary>
        private int Value(int p, bool fromKey, int parent, YMark emptyMark)
        {
            var props = default(Properties);
            for (var n = 0; n < 2 && p < t.Length && t[p] is '&' or '!'; n++)
            {
                if (!props.Any) props.Start = MarkAt(p);
                props.Any = true;
                if (t[p] == '&')
                {
                    if (!props.Anchor.IsEmpty) throw Outside();
                    var end = Name(p + 1);
                    if (!SpaceOrEnd(end)) throw Outside();
                    props.Anchor = new AnchorName(t[(p + 1)..end]);
                    p = SkipSpaces(end);
                }
                else
                {
                    if (!props.Tag.IsEmpty) throw Outside();
                    if (StartsWith(p, "!reset") && SpaceOrEnd(p + 6)) { props.Tag = Reset; p = SkipSpaces(p + 6); }
                    else if (StartsWith(p, "!override") && SpaceOrEnd(p + 9)) { props.Tag = Override; p = SkipSpaces(p + 9); }
                    else throw Outside();
                }
            }
            if (props.Any && (EndsAt(p) || t[p] == '#'))
            {
                SetPending(fromKey, parent, emptyMark, props);
                return p;
            }
            if (EndsAt(p) || t[p] == '#') throw Outside();
            if (t[p] is '[' or '{') return Flow(p, props, 0);
            if (t[p] is '|' or '>') return BlockScalar(p, parent, props);
            if (t[p] == '*')
            {
                if (props.Any) throw Outside();
                return Alias(p, flow: false);
            }
            var start = props.Any ? props.Start : MarkAt(p);
            if (t[p] is '"' or '\'')
            {
                var end = Quoted(p, out var v);
                AddScalar(props, v, t[p] == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, start);
                return end;
            }
            // `: value` is plain (`HTTP_ADDR: :8080`), but YamlDotNet drops that ':' when a flow collection came
            // since the last plain scalar.
            if (!PlainStart(p, flow: false) && !(t[p] == ':' && !SpaceOrEnd(p + 1) && !_flowSincePlain)) throw Outside();
            // A plain scalar that stops at ': ' (`a: b: c`, YamlDotNet's error) fails the caller's end-of-line check.
            var plainEnd = PlainBlock(p);
            AddScalar(props, t[p..plainEnd], ScalarStyle.Plain, start);
            return plainEnd;
        }

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

        /// <summary>A flow collection that ends on its line; returns the index after its closing bracket.</summary>
        private int Flow(int p, Properties props, int depth)
        {
            if (depth >= MaxFlowDepth) throw Outside();
            var start = props.Any ? props.Start : MarkAt(p);
            var seq = t[p] == '[';
            var close = seq ? ']' : '}';
            _events.Add(seq
                ? new SequenceStart(props.Anchor, props.Tag, props.Tag.IsEmpty, SequenceStyle.Flow, start, start)
                : new MappingStart(props.Anchor, props.Tag, props.Tag.IsEmpty, MappingStyle.Flow, start, start));
            var i = SkipSpaces(p + 1);
            if (i < t.Length && t[i] == close) return CloseFlow(seq, i);
            while (true)
            {
                if (!seq)
                {
                    var keyStart = i;
                    i = SkipSpaces(FlowKey(i));
                    if (i - keyStart > MaxKeyLength) throw Outside();
                    // ': ' after the key; an empty value (`{a: }`, `{a}`) is left to YamlDotNet.
                    if (i + 1 >= t.Length || t[i] != ':' || t[i + 1] != ' ') throw Outside();
                    i = SkipSpaces(i + 1);
                }
                i = SkipSpaces(FlowItem(i, depth));
                if (i >= t.Length) throw Outside();
                if (t[i] == close) return CloseFlow(seq, i);
                if (t[i] != ',') throw Outside(); // ':' (a pair in a sequence), a comment, a line end
                i = SkipSpaces(i + 1);
                if (i >= t.Length || t[i] is ',' or ']' or '}') throw Outside(); // empty or trailing entries
            }
        }

        private int CloseFlow(bool seq, int i)
        {
            _flowSincePlain = true;
            var m = MarkAt(i);
            _events.Add(seq ? new SequenceEnd(m, m) : new MappingEnd(m, m));
            return i + 1;
        }

        private int FlowKey(int p)
        {
            if (p >= t.Length) throw Outside();
            var m = MarkAt(p);
            if (t[p] is '"' or '\'')
            {
                var end = Quoted(p, out var v);
                AddScalar(default, v, t[p] == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, m, isKey: true);
                return end;
            }
            if (!PlainStart(p, flow: true)) throw Outside();
            var plainEnd = PlainFlow(p);
            AddScalar(default, t[p..plainEnd], ScalarStyle.Plain, m, isKey: true);
            return plainEnd;
        }

        /// <summary>An entry of a flow sequence or a value of a flow mapping (no anchors or tags here).</summary>
        private int FlowItem(int p, int depth)
        {
            if (p >= t.Length) throw Outside();
            var c = t[p];
            if (c is '[' or '{') return Flow(p, default, depth + 1);
            if (c == '*') return Alias(p, flow: true);
            var m = MarkAt(p);
            if (c is '"' or '\'')
            {
                var end = Quoted(p, out var v);
                AddScalar(default, v, c == '"' ? ScalarStyle.DoubleQuoted : ScalarStyle.SingleQuoted, m);
                return end;
            }
            if (!PlainStart(p, flow: true)) throw Outside();
            var plainEnd = PlainFlow(p);
            AddScalar(default, t[p..plainEnd], ScalarStyle.Plain, m);
            return plainEnd;
        }
    }
}

/// <summary>An <see cref="IParser"/> over a ready list of events, for the builder.</summary>
internal sealed class EventListParser(List<ParsingEvent> events) : IParser
{
    private int _next;

    public ParsingEvent? Current { get; private set; }

    public bool MoveNext()
    {
        if (_next >= events.Count)
        {
            Current = null;
            return false;
        }
        Current = events[_next++];
        return true;
    }
}
