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
internal static partial class CommonYamlEvents
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
    private sealed partial class Reader(string t)
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
    }
}
