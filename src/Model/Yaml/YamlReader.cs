using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Composer.Model.Yaml;

/// <summary>
/// Reads YAML text into our positioned <see cref="Node"/> tree from parser events: those of
/// <see cref="CommonYamlEvents"/> for the common subset of compose files (a few times faster, half the memory),
/// else YamlDotNet's event parser (YamlDotNet.Core, no reflection), which also gives every syntax error.
/// Anchors/aliases share the anchored node (expansion is bounded), `&lt;&lt;` merge keys are applied,
/// duplicate keys are errors, and the !reset / !override tags are kept.
/// </summary>
internal static class YamlReader
{
    private const long MaxExpandedNodes = 2_000_000;
    private const int MaxDepth = 200;

    /// <summary>Parses every document; returns null (and adds diagnostics) on a syntax error.</summary>
    public static ImmutableArray<Node>? Read(string file, string text, List<Diagnostic> diags)
    {
        // The common subset is read by our own scanner; anything else, and every syntax error, by YamlDotNet's parser.
        var events = CommonYamlEvents.TryRead(text);
        IParser parser = events is null ? new Parser(new StringReader(text)) : new EventListParser(events);
        var builder = new Builder(file, text, parser, diags);
        try
        {
            return builder.Run();
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is YamlException ie ? ie : e;
            var msg = CleanMessage(inner.Message);
            var (line, column) = ((int)inner.Start.Line, (int)inner.Start.Column);
            // YamlDotNet marks a tab used as indentation at the start of the text (1:1); point at the tab instead.
            if (msg.Contains("invalid tab as indentation", StringComparison.Ordinal) && FirstIndentingTab(text) is { } tab)
                (line, column) = tab;
            diags.Add(new Diagnostic(file, Math.Max(1, line), Math.Max(1, column), "", "invalid YAML: " + msg));
            return null;
        }
        catch (ReaderError e)
        {
            diags.Add(e.Diagnostic);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input; answer like any syntax error.
            var m = builder.LastMark;
            diags.Add(new Diagnostic(file, Math.Max(1, m.Line), Math.Max(1, m.Column), "", "invalid YAML: the text after this point cannot be parsed"));
            return null;
        }
    }

    private sealed class ReaderError(Diagnostic d) : Exception(d.Message)
    {
        public Diagnostic Diagnostic { get; } = d;
    }

    /// <summary>Line and column (1-based) of the first tab in the indentation of a line that holds more than a comment.</summary>
    private static (int Line, int Column)? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i];
            var body = l.TrimStart(' ', '\t');
            if (body.Length == 0 || body[0] == '#' || body == "\r") continue;
            var tab = l.IndexOf('\t');
            if (tab >= 0 && tab < l.Length - body.Length) return (i + 1, tab + 1);
        }
        return null;
    }

    private static string CleanMessage(string m)
    {
        // YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (Line: ...): "; we print positions ourselves.
        var i = m.IndexOf("): ", StringComparison.Ordinal);
        return m.StartsWith("(Line:", StringComparison.Ordinal) && i > 0 ? m[(i + 3)..] : m;
    }

    private sealed class Builder(string file, string text, IParser parser, List<Diagnostic> diags)
    {
        private readonly IParser _parser = parser;
        private readonly Dictionary<string, (Node Node, long Size)> _anchors = new(StringComparer.Ordinal);
        private long _expanded;

        public Mark LastMark { get; private set; } = new(file, 1, 1);

        private Mark MarkOf(ParsingEvent e) => LastMark = new(file, (int)e.Start.Line, (int)e.Start.Column);

        private ReaderError Error(ParsingEvent e, string message) =>
            new(new Diagnostic(file, (int)e.Start.Line, (int)e.Start.Column, "", message));

        private static string? TagOf(NodeEvent e) => e.Tag.IsEmpty ? null : e.Tag.Value switch
        {
            "!reset" or "!override" => e.Tag.Value,
            _ => null,
        };

        public ImmutableArray<Node> Run()
        {
            _ = diags;
            _ = text;
            var docs = ImmutableArray.CreateBuilder<Node>();
            _parser.Consume<StreamStart>();
            while (_parser.TryConsume<DocumentStart>(out _))
            {
                _anchors.Clear();
                docs.Add(ReadNode(0).Node);
                _parser.Consume<DocumentEnd>();
            }
            _parser.Consume<StreamEnd>();
            return docs.ToImmutable();
        }

        private (Node Node, long Size) Register(NodeEvent e, Node n, long size)
        {
            if (!e.Anchor.IsEmpty) _anchors[e.Anchor.Value] = (n, size);
            return (n, size);
        }

        private (Node Node, long Size) ReadNode(int depth)
        {
            if (depth > MaxDepth) throw Error(_parser.Current!, $"invalid YAML: nested more than {MaxDepth} levels deep");
            var ev = _parser.Current ?? throw new YamlException("unexpected end of YAML");
            switch (ev)
            {
                case AnchorAlias alias:
                {
                    _parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                        throw Error(alias, $"invalid YAML: the anchor '{alias.Value.Value}' is not defined (before this alias)");
                    _expanded += target.Size;
                    if (_expanded > MaxExpandedNodes) throw Error(alias, "invalid YAML: document too large after alias expansion");
                    return target;
                }
                case Scalar s:
                {
                    _parser.MoveNext();
                    _expanded++;
                    var plain = s.Style is ScalarStyle.Plain or ScalarStyle.Any;
                    if (!s.Tag.IsEmpty && s.Tag.Value is "tag:yaml.org,2002:str" or "!!str") plain = false;
                    return Register(s, new ScalarNode(s.Value, plain, MarkOf(s), TagOf(s)), 1);
                }
                case SequenceStart ss:
                {
                    _parser.MoveNext();
                    var items = ImmutableArray.CreateBuilder<Node>();
                    long size = 1;
                    while (!_parser.TryConsume<SequenceEnd>(out _))
                    {
                        var (n, sz) = ReadNode(depth + 1);
                        items.Add(n);
                        size += sz;
                    }
                    return Register(ss, new SequenceNode(items.DrainToImmutable(), MarkOf(ss), TagOf(ss)), size);
                }
                case MappingStart ms:
                {
                    _parser.MoveNext();
                    var entries = ImmutableArray.CreateBuilder<Entry>();
                    var seen = new SeenKeys(entries);
                    List<MappingNode>? merged = null;
                    long size = 1;
                    while (!_parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyEvent = _parser.Current!;
                        var (keyNode, _) = ReadNode(depth + 1);
                        if (keyNode is not ScalarNode key) throw Error(keyEvent, "invalid YAML: mapping keys must be scalars");
                        var (value, vsize) = ReadNode(depth + 1);
                        size += vsize + 1;
                        if (key.Value == "<<" && key.Plain)
                        {
                            merged ??= [];
                            if (value is MappingNode mm) merged.Add(mm);
                            else if (value is SequenceNode msq && msq.Items.All(i => i is MappingNode)) merged.AddRange(msq.Items.Cast<MappingNode>());
                            else throw Error(keyEvent, "invalid YAML: merge key '<<' needs a mapping or a list of mappings");
                            continue;
                        }
                        // compose-go's convertToStringKeysRecursive: a key that YAML types as a number, a boolean or
                        // null is refused (`1: FOO` in environment), not turned into text; quoting makes it a name.
                        if (key.Plain && key.Tag is null && key.Type is not ScalarType.String)
                            throw Error(keyEvent, $"non-string key {(key.Value.Length == 0 ? "(null)" : key.Value)}: write it quoted to use it as a name");
                        if (!seen.Add(key.Value))
                            throw Error(keyEvent, $"invalid YAML: duplicate key '{key.Value}' in this mapping");
                        entries.Add(new Entry(key.Plain && key.Tag is null ? key : new ScalarNode(key.Value, true, key.Mark), value));
                    }
                    if (merged is not null)
                        foreach (var m in merged)
                            foreach (var e in m.Entries)
                                if (seen.Add(e.Name)) entries.Add(e);
                    return Register(ms, new MappingNode(entries.DrainToImmutable(), MarkOf(ms), TagOf(ms)), size);
                }
                default:
                    throw Error(ev, $"invalid YAML: unexpected {ev.GetType().Name}");
            }
        }
    }

    /// <summary>
    /// The keys of the mapping being read (every key is added to the entries right after it is seen), to refuse a
    /// duplicate. A small mapping (nearly every one) is checked against its entries, with no set; a large one
    /// moves to a hash set.
    /// </summary>
    private struct SeenKeys(ImmutableArray<Entry>.Builder entries)
    {
        private const int Scanned = 16;
        private HashSet<string>? _set;

        public bool Add(string key)
        {
            if (_set is not null) return _set.Add(key);
            // By index: the builder's enumerator is a class, allocated for every key read.
            for (var i = 0; i < entries.Count; i++) if (entries[i].Name == key) return false;
            if (entries.Count < Scanned) return true;
            _set = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++) _set.Add(entries[i].Name);
            return _set.Add(key);
        }
    }
}
