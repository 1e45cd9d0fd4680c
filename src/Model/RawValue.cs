using System.Collections.Immutable;
using System.Text;

namespace Composer.Model;

public enum RawKind { Null, Scalar, Sequence, Mapping }

/// <summary>
/// A YAML-ish value tree (after interpolation) used for x-* extensions: null, scalar string,
/// sequence or mapping (sorted keys). Equality is structural.
/// </summary>
public sealed class RawValue : IEquatable<RawValue>
{
    public static readonly RawValue Null = new(RawKind.Null, null, [], ImmutableSortedDictionary<string, RawValue>.Empty);

    private RawValue(RawKind kind, string? scalar, ImmutableArray<RawValue> items, ImmutableSortedDictionary<string, RawValue> map, bool literal = false)
    {
        Kind = kind; Scalar = scalar; Items = items; Map = map; IsLiteral = literal;
    }

    public RawKind Kind { get; }
    public string? Scalar { get; }
    /// <summary>A scalar written as a YAML boolean or number (Scalar holds its canonical text): printed unquoted.</summary>
    public bool IsLiteral { get; }
    public ImmutableArray<RawValue> Items { get; }
    public ImmutableSortedDictionary<string, RawValue> Map { get; }

    public static RawValue OfScalar(string value) => new(RawKind.Scalar, value, [], ImmutableSortedDictionary<string, RawValue>.Empty);
    public static RawValue OfLiteral(string canonical) => new(RawKind.Scalar, canonical, [], ImmutableSortedDictionary<string, RawValue>.Empty, literal: true);
    public static RawValue OfSequence(IEnumerable<RawValue> items) => new(RawKind.Sequence, null, items.ToImmutableArray(), ImmutableSortedDictionary<string, RawValue>.Empty);
    public static RawValue OfMapping(IEnumerable<KeyValuePair<string, RawValue>> map) =>
        new(RawKind.Mapping, null, [], map.ToImmutableSortedDictionary(StringComparer.Ordinal));

    /// <summary>Follows mapping keys; null when absent or not a mapping on the way.</summary>
    public RawValue? Get(params string[] path)
    {
        var cur = this;
        foreach (var key in path)
        {
            if (cur.Kind != RawKind.Mapping || !cur.Map.TryGetValue(key, out var next)) return null;
            cur = next;
        }
        return cur;
    }

    public string? GetString(params string[] path) => Get(path) is { Kind: RawKind.Scalar } v ? v.Scalar : null;

    public bool? GetBool(params string[] path) => GetString(path)?.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => null,
    };

    public int? GetInt(params string[] path) =>
        int.TryParse(GetString(path), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public bool Equals(RawValue? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Kind != other.Kind) return false;
        return Kind switch
        {
            RawKind.Null => true,
            RawKind.Scalar => Scalar == other.Scalar && IsLiteral == other.IsLiteral,
            RawKind.Sequence => Items.SequenceEqual(other.Items),
            _ => Map.Count == other.Map.Count && Map.All(kv => other.Map.TryGetValue(kv.Key, out var o) && kv.Value.Equals(o)),
        };
    }

    public override bool Equals(object? obj) => obj is RawValue r && Equals(r);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>A compact JSON-like rendering (stable).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    private void Write(StringBuilder sb)
    {
        switch (Kind)
        {
            case RawKind.Null: sb.Append("null"); break;
            case RawKind.Scalar when IsLiteral: sb.Append(Scalar); break;
            case RawKind.Scalar: sb.Append('"').Append(Scalar!.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"'); break;
            case RawKind.Sequence:
                sb.Append('[');
                for (var i = 0; i < Items.Length; i++) { if (i > 0) sb.Append(','); Items[i].Write(sb); }
                sb.Append(']');
                break;
            default:
                sb.Append('{');
                var first = true;
                foreach (var kv in Map)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append('"').Append(kv.Key).Append("\":");
                    kv.Value.Write(sb);
                }
                sb.Append('}');
                break;
        }
    }
}
