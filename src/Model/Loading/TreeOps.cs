using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>Small helpers to build and read nodes.</summary>
internal static class N
{
    public static ScalarNode Str(string v, Mark m) => new(v, false, m);
    public static ScalarNode Bool(bool v, Mark m) => new(v ? "true" : "false", true, m);
    public static ScalarNode Int(long v, Mark m) => new(v.ToString(CultureInfo.InvariantCulture), true, m);
    public static ScalarNode Null(Mark m) => new("", true, m);

    /// <summary>A mapping of the entries whose value is not null (a span: the canonical forms build thousands of these).</summary>
    public static MappingNode Map(Mark m, params ReadOnlySpan<(string Key, Node? Value)> entries)
    {
        var count = 0;
        foreach (var e in entries) if (e.Value is not null) count++;
        var b = ImmutableArray.CreateBuilder<Entry>(count);
        foreach (var e in entries) if (e.Value is not null) b.Add(new Entry(new ScalarNode(e.Key, true, m), e.Value));
        return new(b.MoveToImmutable(), m);
    }

    public static string Child(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
    public static string Index(string path, int i) => $"{path}[{i}]";

    public static void Error(List<Diagnostic> diags, Node n, string path, string message) =>
        diags.Add(new Diagnostic(n.Mark.File, n.Mark.Line, n.Mark.Column, path, message));

    public static bool Truthy(Node? n) => n is ScalarNode s && s.Value.ToLowerInvariant() is "true" or "yes" or "on" or "1";

    public static string? Text(Node? n) => n is ScalarNode s && !s.IsNull ? s.Value : null;

    /// <summary>Converts a node to RawValue (x-* extensions).</summary>
    public static RawValue ToRaw(Node n) => n switch
    {
        ScalarNode s => s.IsNull ? RawValue.Null : Literal(s) is { } literal ? RawValue.OfLiteral(literal) : RawValue.OfScalar(s.Value),
        SequenceNode q => RawValue.OfSequence(q.Items.Select(ToRaw)),
        MappingNode m => RawValue.OfMapping(m.Entries.Select(e => new KeyValuePair<string, RawValue>(e.Name, ToRaw(e.Value)))),
        _ => RawValue.Null,
    };

    /// <summary>
    /// The text a plain YAML boolean or number prints as (go-yaml decodes it to bool, int or float64, and compose-go's
    /// config keeps that type in x-* extensions); null for a string, or a number JSON cannot hold (.inf, .nan).
    /// </summary>
    private static string? Literal(ScalarNode s)
    {
        var v = s.Value;
        switch (s.Type)
        {
            case ScalarType.Bool: return v.ToLowerInvariant();
            case ScalarType.Int:
                if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n.ToString(CultureInfo.InvariantCulture);
                if (v.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(v.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out n))
                    return n.ToString(CultureInfo.InvariantCulture);
                if (v.StartsWith("0o", StringComparison.Ordinal))
                {
                    try { return Convert.ToInt64(v[2..], 8).ToString(CultureInfo.InvariantCulture); }
                    catch (Exception e) when (e is FormatException or OverflowException) { return null; }
                }
                return null;
            case ScalarType.Float:
                return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? d.ToString("R", CultureInfo.InvariantCulture) : null;
            default: return null;
        }
    }
}

/// <summary>Substitutes ${VAR} in every scalar value (not in keys) of a tree.</summary>
internal static partial class TreeInterpolation
{
    /// <summary>compose-go's interpolateTypeCastMapping (loader/interpolate.go): where an interpolated string is cast.</summary>
    [GeneratedRegex(@"^(services\..+\.(cpu_count|cpu_percent|cpu_period|cpu_quota|cpu_rt_period|cpu_rt_runtime|cpus|cpu_shares|init" +
        @"|oom_kill_disable|oom_score_adj|pids_limit|privileged|read_only|scale|stdin_open|tty|depends_on\..+\.(required|restart)" +
        @"|deploy\.(replicas|(update_config|rollback_config)\.(parallelism|max_failure_ratio)|restart_policy\.max_attempts|placement\.max_replicas_per_node)" +
        @"|healthcheck\.(retries|disable)|ports\[\d+\]\.target|ulimits\.[^.]+(\.(hard|soft))?|volumes\[\d+\]\.(read_only|volume\.nocopy))" +
        @"|networks\.[^.]+\.(external|internal|attachable|enable_ipv4|enable_ipv6)|(volumes|secrets|configs)\.[^.]+\.external)$")]
    private static partial Regex CastPaths();

    public static Node Apply(Node n, Func<string, string?> lookup, string path, List<Diagnostic> diags) =>
        Apply(n, lookup, new PathStack(path), diags);

    private static Node Apply(Node n, Func<string, string?> lookup, PathStack path, List<Diagnostic> diags)
    {
        // compose-go drops `!reset` nodes while parsing, before interpolation: what they hold is never read.
        if (n.IsReset) return n;
        switch (n)
        {
            case ScalarNode s:
                if (s.Value.IndexOf('$') < 0) return s;
                var v = Interpolation.Interpolate(s.Value, lookup, out var err);
                if (v is null) { N.Error(diags, s, path.ToString(), err!); return s; }
                // compose-go types a scalar by its text as written, and one holding '$' is a string, whatever it becomes;
                // only the paths loader/interpolate.go casts (interpolateTypeCastMapping) get a number or boolean back.
                return new ScalarNode(v, s.Plain && v.Length > 0 && CastPaths().IsMatch(path.ToString()), s.Mark, s.Tag);
            case SequenceNode q:
            {
                ImmutableArray<Node>.Builder? b = null;
                for (var i = 0; i < q.Items.Length; i++)
                {
                    path.Push(i);
                    var r = Apply(q.Items[i], lookup, path, diags);
                    path.Pop();
                    if (!ReferenceEquals(r, q.Items[i]) && b is null) { b = q.Items.ToBuilder(); }
                    if (b is not null) b[i] = r;
                }
                return b is null ? q : new SequenceNode(b.DrainToImmutable(), q.Mark, q.Tag);
            }
            case MappingNode m:
            {
                ImmutableArray<Entry>.Builder? b = null;
                for (var i = 0; i < m.Entries.Length; i++)
                {
                    var e = m.Entries[i];
                    path.Push(e.Name);
                    var r = Apply(e.Value, lookup, path, diags);
                    path.Pop();
                    if (!ReferenceEquals(r, e.Value) && b is null) b = m.Entries.ToBuilder();
                    if (b is not null) b[i] = new Entry(e.Key, r);
                }
                return b is null ? m : new MappingNode(b.DrainToImmutable(), m.Mark, m.Tag);
            }
            default:
                return n;
        }
    }
}
