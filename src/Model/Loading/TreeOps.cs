using System.Collections.Immutable;
using System.Globalization;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>Small helpers to build and read nodes.</summary>
internal static class N
{
    public static ScalarNode Str(string v, Mark m) => new(v, false, m);
    public static ScalarNode Bool(bool v, Mark m) => new(v ? "true" : "false", true, m);
    public static ScalarNode Int(long v, Mark m) => new(v.ToString(CultureInfo.InvariantCulture), true, m);
    public static ScalarNode Null(Mark m) => new("", true, m);

    public static MappingNode Map(Mark m, params (string Key, Node? Value)[] entries) =>
        new([.. entries.Where(e => e.Value is not null).Select(e => new Entry(new ScalarNode(e.Key, true, m), e.Value!))], m);

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
    public static string Index(string path, int i) => $"{path}[{i}]";

    public static void Error(List<Diagnostic> diags, Node n, string path, string message) =>
        diags.Add(new Diagnostic(n.Mark.File, n.Mark.Line, n.Mark.Column, path, message));

    public static bool Truthy(Node? n) => n is ScalarNode s && s.Value.ToLowerInvariant() is "true" or "yes" or "on" or "1";

    public static string? Text(Node? n) => n is ScalarNode s && !s.IsNull ? s.Value : null;

    /// <summary>Converts a node to RawValue (x-* extensions).</summary>
    public static RawValue ToRaw(Node n) => n switch
    {
        ScalarNode s => s.IsNull ? RawValue.Null : RawValue.OfScalar(s.Value),
        SequenceNode q => RawValue.OfSequence(q.Items.Select(ToRaw)),
        MappingNode m => RawValue.OfMapping(m.Entries.Select(e => new KeyValuePair<string, RawValue>(e.Name, ToRaw(e.Value)))),
        _ => RawValue.Null,
    };
}

/// <summary>Substitutes ${VAR} in every scalar value (not in keys) of a tree.</summary>
internal static class TreeInterpolation
{
    public static Node Apply(Node n, Func<string, string?> lookup, string path, List<Diagnostic> diags)
    {
        // compose-go drops `!reset` nodes while parsing, before interpolation: what they hold is never read.
        if (n.IsReset) return n;
        switch (n)
        {
            case ScalarNode s:
                if (s.Value.IndexOf('$') < 0) return s;
                var v = Interpolation.Interpolate(s.Value, lookup, out var err);
                if (v is null) { N.Error(diags, s, path, err!); return s; }
                return new ScalarNode(v, s.Plain && v.Length > 0, s.Mark, s.Tag);
            case SequenceNode q:
            {
                ImmutableArray<Node>.Builder? b = null;
                for (var i = 0; i < q.Items.Length; i++)
                {
                    var r = Apply(q.Items[i], lookup, N.Index(path, i), diags);
                    if (!ReferenceEquals(r, q.Items[i]) && b is null) { b = q.Items.ToBuilder(); }
                    if (b is not null) b[i] = r;
                }
                return b is null ? q : new SequenceNode(b.ToImmutable(), q.Mark, q.Tag);
            }
            case MappingNode m:
            {
                ImmutableArray<Entry>.Builder? b = null;
                for (var i = 0; i < m.Entries.Length; i++)
                {
                    var e = m.Entries[i];
                    var r = Apply(e.Value, lookup, N.Child(path, e.Name), diags);
                    if (!ReferenceEquals(r, e.Value) && b is null) b = m.Entries.ToBuilder();
                    if (b is not null) b[i] = new Entry(e.Key, r);
                }
                return b is null ? m : new MappingNode(b.ToImmutable(), m.Mark, m.Tag);
            }
            default:
                return n;
        }
    }
}
