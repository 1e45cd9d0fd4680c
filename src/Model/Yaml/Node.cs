using System.Collections.Immutable;
using System.Globalization;

namespace Composer.Model.Yaml;

/// <summary>Where a node was written (1-based line and column).</summary>
internal readonly record struct Mark(string File, int Line, int Column)
{
    public static readonly Mark None = new("", 0, 0);
    public override string ToString() => $"{File}:{Line}:{Column}";
}

internal enum ScalarType { Null, Bool, Int, Float, String }

/// <summary>Our immutable YAML tree: every node keeps its position and optional tag (!reset, !override).</summary>
internal abstract class Node
{
    // The tag (only !reset and !override are kept) and a scalar's plainness share one byte: a load makes tens of
    // thousands of scalars, and this keeps each at 48 bytes instead of 56.
    private const byte ResetTag = 1, OverrideTag = 2, TagBits = 3;
    protected const byte PlainFlag = 4;
    // Some node under this one carries a tag: passes that only act on tagged nodes (Merge.Settle, DropResetItems)
    // skip a subtree without it, which is nearly every subtree of nearly every file.
    protected const byte TaggedBelowFlag = 8;
    private readonly byte _flags;

    protected Node(Mark mark, string? tag, byte flags = 0)
    {
        Mark = mark;
        _flags = (byte)(flags | tag switch
        {
            null => 0,
            "!reset" => ResetTag,
            "!override" => OverrideTag,
            _ => throw new ArgumentException($"unsupported tag {tag}", nameof(tag)),
        });
    }

    protected bool HasFlag(byte flag) => (_flags & flag) != 0;
    public Mark Mark { get; }
    public string? Tag => (_flags & TagBits) switch { ResetTag => "!reset", OverrideTag => "!override", _ => null };
    public bool IsReset => (_flags & TagBits) == ResetTag;
    public bool IsOverride => (_flags & TagBits) == OverrideTag;
    /// <summary>This node or one under it carries a tag.</summary>
    public bool HoldsTags => (_flags & (TagBits | TaggedBelowFlag)) != 0;
    public abstract Node WithTag(string? tag);
    public abstract string KindName { get; }
}

internal sealed class ScalarNode : Node
{
    public ScalarNode(string value, bool plain, Mark mark, string? tag = null) : base(mark, tag, plain ? PlainFlag : (byte)0)
    {
        Value = value;
    }

    public string Value { get; }
    /// <summary>Plain (unquoted) scalars are typed by their text (null, bool, number); quoted ones are strings.</summary>
    public bool Plain => HasFlag(PlainFlag);

    public bool IsNull => Type == ScalarType.Null;

    public ScalarType Type => !Plain ? ScalarType.String : Infer(Value);

    public override Node WithTag(string? tag) => new ScalarNode(Value, Plain, Mark, tag);
    public override string KindName => Type switch
    {
        ScalarType.Null => "null", ScalarType.Bool => "boolean", ScalarType.Int => "integer", ScalarType.Float => "number", _ => "string",
    };

    public static ScalarType Infer(string v)
    {
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL": return ScalarType.Null;
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE": return ScalarType.Bool;
            case ".inf" or "+.inf" or "-.inf" or ".Inf" or ".INF" or ".nan" or ".NaN" or ".NAN": return ScalarType.Float;
        }
        var c = v[0];
        if (!(char.IsAsciiDigit(c) || c is '-' or '+' or '.')) return ScalarType.String;
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return ScalarType.Int;
        if (v.StartsWith("0x", StringComparison.Ordinal) && v.Length > 2 && long.TryParse(v.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _)) return ScalarType.Int;
        if (v.StartsWith("0o", StringComparison.Ordinal) && v.Length > 2 && v.AsSpan(2).IndexOfAnyExceptInRange('0', '7') < 0) return ScalarType.Int;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && v.IndexOfAny(['_', ',']) < 0 && char.IsAsciiDigit(v[^1]) || v.EndsWith('.') && v.Length > 1 && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            return ScalarType.Float;
        return ScalarType.String;
    }
}

internal sealed class SequenceNode : Node
{
    public SequenceNode(ImmutableArray<Node> items, Mark mark, string? tag = null) : base(mark, tag, TaggedBelow(items)) { Items = items; }

    private static byte TaggedBelow(ImmutableArray<Node> items)
    {
        foreach (var item in items)
            if (item.HoldsTags) return TaggedBelowFlag;
        return 0;
    }
    public ImmutableArray<Node> Items { get; }
    public override Node WithTag(string? tag) => new SequenceNode(Items, Mark, tag);
    public override string KindName => "array";
}

internal readonly record struct Entry(ScalarNode Key, Node Value)
{
    public string Name => Key.Value;
}

internal sealed class MappingNode : Node
{
    private Dictionary<string, int>? _index;

    public MappingNode(ImmutableArray<Entry> entries, Mark mark, string? tag = null) : base(mark, tag, TaggedBelow(entries))
    {
        Entries = entries;
        foreach (var e in entries) _keyBits |= KeyBit(e.Name);
    }

    private static byte TaggedBelow(ImmutableArray<Entry> entries)
    {
        foreach (var e in entries)
            if (e.Value.HoldsTags) return TaggedBelowFlag;
        return 0;
    }

    /// <summary>
    /// One bit per key, from its length and its first and last letters: most lookups ask for a key the mapping
    /// does not have (the loader asks a service for each of the hundred keys it may hold), and those are answered
    /// here without a scan.
    /// </summary>
    private readonly ulong _keyBits;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ulong KeyBit(string key) =>
        1UL << ((key.Length * 7 + (key.Length == 0 ? 0 : key[0] + key[^1] * 3)) & 63);
    public ImmutableArray<Entry> Entries { get; }
    public override Node WithTag(string? tag) => new MappingNode(Entries, Mark, tag);
    public override string KindName => "object";

    public Node? this[string key] => TryGet(key, out var v) ? v : null;

    /// <summary>
    /// Below this many entries a key is found by a scan: a service's dozen keys compare faster than they hash, and
    /// the loader makes many short-lived copies of each service, which would each build a dictionary.
    /// </summary>
    private const int IndexedFrom = 24;

    public bool TryGet(string key, out Node value)
    {
        if ((_keyBits & KeyBit(key)) == 0)
        {
            value = null!;
            return false;
        }
        if (Entries.Length < IndexedFrom)
        {
            // The length is compared here, not in a call: most keys of a mapping differ in length from the one looked for.
            foreach (var e in Entries)
                if (e.Key.Value is var name && name.Length == key.Length && string.Equals(name, key)) { value = e.Value; return true; }
            value = null!;
            return false;
        }
        _index ??= BuildIndex();
        if (_index.TryGetValue(key, out var i)) { value = Entries[i].Value; return true; }
        value = null!;
        return false;
    }

    public Entry? GetEntry(string key)
    {
        if ((_keyBits & KeyBit(key)) == 0) return null;
        foreach (var e in Entries) if (e.Key.Value == key) return e;
        return null;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var d = new Dictionary<string, int>(Entries.Length, StringComparer.Ordinal);
        for (var i = 0; i < Entries.Length; i++) d[Entries[i].Key.Value] = i;
        return d;
    }

    public MappingNode With(string key, Node value)
    {
        for (var i = 0; i < Entries.Length; i++)
            if (Entries[i].Key.Value == key)
                return new MappingNode(Entries.SetItem(i, new Entry(Entries[i].Key, value)), Mark, Tag);
        return new MappingNode(Entries.Add(new Entry(new ScalarNode(key, true, value.Mark), value)), Mark, Tag);
    }

    public MappingNode Without(string key)
    {
        for (var i = 0; i < Entries.Length; i++)
            if (Entries[i].Key.Value == key) return new MappingNode(Entries.RemoveAt(i), Mark, Tag);
        return this;
    }

    public static MappingNode Empty(Mark mark) => new([], mark);
}
