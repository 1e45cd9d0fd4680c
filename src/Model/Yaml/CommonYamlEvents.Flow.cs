using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YMark = YamlDotNet.Core.Mark;

namespace Composer.Model.Yaml;
/// <summary>The fast path's one-line flow collections.</summary>
internal static partial class CommonYamlEvents
{
    private sealed partial class Reader
    {
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
