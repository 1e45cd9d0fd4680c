using System.Collections.Immutable;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// compose-go's override merge (override/merge.go) on canonical trees. Mappings merge key by key; sequences are
/// appended (then <see cref="Unique"/> drops redefinitions, as override/uncity.go); a null override keeps the base
/// value; a mapping or a sequence cannot be overridden by another kind. Special keys: command, entrypoint and
/// healthcheck.test are replaced (even by null); key=value maps (environment, labels, ...) take the override's
/// value even when null; logging is replaced when the driver changes; ulimits replace per entry; ipam.config merges
/// by subnet. `!reset` removes the key (its value is ignored), `!override` replaces without merging.
/// </summary>
internal sealed class Merge(List<Diagnostic> diags)
{
    /// <summary>Merges override file <paramref name="o"/> over <paramref name="b"/> (both canonical), then enforces uniqueness.</summary>
    public static MappingNode Files(MappingNode b, MappingNode o, List<Diagnostic> diags) => Unique(new Merge(diags).Root(b, o));

    /// <summary>extends: the service <paramref name="o"/> over its base (compose-go ExtendService merges at services.x).</summary>
    public static MappingNode Service(MappingNode b, MappingNode o, string path, List<Diagnostic> diags) =>
        UniqueService(new Merge(diags).ServiceOver(b, o, new PathStack(path)));

    /// <summary>include: a local definition over the imported one of the same name (loader/include.go importResource).</summary>
    public static Node Resource(string section, Node imported, Node local, string path, List<Diagnostic> diags)
    {
        var m = new Merge(diags);
        var at = new PathStack(path);
        return section switch
        {
            "services" => UniqueService(m.ServiceOver(imported, local, at)),
            "networks" => m.Network(imported, local, at),
            _ => m.Deep(imported, local, at),
        };
    }

    private MappingNode Root(MappingNode b, MappingNode o) => MapOf(b, o, new PathStack(), (name, x, y, p) => Entry(name, x, y, p));

    /// <summary>A top-level key: each definition of the resource sections merged by its own rules.</summary>
    private Node Entry(string name, Node x, Node y, PathStack path) => name switch
    {
        "services" when x is MappingNode bs && y is MappingNode os => MapOf(bs, os, path, (_, a, b, p) => ServiceOver(a, b, p)),
        "networks" when x is MappingNode bn && y is MappingNode on => MapOf(bn, on, path, (_, a, b, p) => Network(a, b, p)),
        "volumes" or "configs" or "secrets" or "models" when x is MappingNode bm && y is MappingNode om => MapOf(bm, om, path, (_, a, b, p) => Deep(a, b, p)),
        _ => Deep(x, y, path),
    };

    private static Node Untag(Node n) => n.Tag is null ? n : n.WithTag(null);

    /// <summary>Key by key: `!reset` removes, `!override` and new keys are taken as written, others merged by <paramref name="merge"/>.</summary>
    private static MappingNode MapOf(MappingNode b, MappingNode o, PathStack path, Func<string, Node, Node, PathStack, Node> merge)
    {
        if (o.Entries.IsEmpty) return b;
        // One copy of the base's entries, edited in place: a new key goes last, a merged one keeps its place and key.
        var entries = b.Entries.ToBuilder();
        var index = entries.Count < 16 ? null : new Dictionary<string, int>(StringComparer.Ordinal);
        if (index is not null) for (var i = 0; i < entries.Count; i++) index[entries[i].Name] = i;
        foreach (var e in o.Entries)
        {
            var at = IndexOf(entries, index, e.Name);
            if (e.Value.IsReset)
            {
                if (at < 0) continue;
                entries.RemoveAt(at);
                if (index is not null) { index.Clear(); for (var i = 0; i < entries.Count; i++) index[entries[i].Name] = i; }
            }
            else if (at < 0)
            {
                index?.Add(e.Name, entries.Count);
                entries.Add(new Entry(new ScalarNode(e.Name, true, e.Value.Mark), Untag(e.Value)));
            }
            else if (e.Value.IsOverride) entries[at] = new Entry(entries[at].Key, Untag(e.Value));
            else
            {
                path.Push(e.Name);
                entries[at] = new Entry(entries[at].Key, merge(e.Name, entries[at].Value, e.Value, path));
                path.Pop();
            }
        }
        return new MappingNode(entries.DrainToImmutable(), b.Mark, b.Tag);
    }

    private static int IndexOf(ImmutableArray<Entry>.Builder entries, Dictionary<string, int>? index, string name)
    {
        if (index is not null) return index.TryGetValue(name, out var at) ? at : -1;
        for (var i = 0; i < entries.Count; i++)
            if (entries[i].Name == name) return i;
        return -1;
    }

    /// <summary>compose-go's MergeYaml default: null keeps the base, mappings merge, sequences append, scalars replace.</summary>
    private Node Deep(Node b, Node o, PathStack path)
    {
        if (o.IsReset) return N.Null(o.Mark);
        if (o.IsOverride) return Untag(o);
        if (o is ScalarNode { IsNull: true }) return b;
        switch (b)
        {
            case MappingNode bm:
                if (o is MappingNode om) return MapOf(bm, om, path, (_, x, y, p) => Deep(x, y, p));
                return CannotOverride(b, o, path);
            case SequenceNode bq:
                if (o is SequenceNode oq) return Append(bq, oq);
                return CannotOverride(b, o, path);
            default:
                return o;
        }
    }

    private Node CannotOverride(Node b, Node o, PathStack path)
    {
        N.Error(diags, o, path.ToString(), $"cannot override {Kind(b)} (defined at {b.Mark}) with {Kind(o)}");
        return b;
    }

    private static string Kind(Node n) => n switch { MappingNode => "a mapping", SequenceNode => "a list", _ => "a scalar" };

    /// <summary>
    /// A tree about to serve as the base of a merge: `!reset` entries and items left over (nothing to reset under
    /// them) are dropped and `!override` tags forgotten, as compose-go's ResetProcessor removes them when parsing.
    /// </summary>
    public static MappingNode Settle(MappingNode m) => (MappingNode)SettleNode(m, true);

    /// <summary>
    /// A parsed file: `!reset` items of its lists are dropped (compose-go's ResetProcessor skips them and cannot
    /// remove an item of a base list: "TODO support removal from sequence"); `!reset` keys stay for the merge.
    /// </summary>
    public static MappingNode DropResetItems(MappingNode m) => (MappingNode)SettleNode(m, false);

    private static Node SettleNode(Node n, bool all)
    {
        if (!n.HoldsTags || !all && n.IsReset) return n;
        switch (n)
        {
            case MappingNode m:
            {
                ImmutableArray<Entry>.Builder? b = null;
                for (var i = 0; i < m.Entries.Length; i++)
                {
                    var e = m.Entries[i];
                    var v = e.Value.IsReset && all ? null : SettleNode(e.Value, all);
                    if (b is null && ReferenceEquals(v, e.Value)) continue;
                    b ??= m.Entries.Take(i).ToImmutableArray().ToBuilder();
                    if (v is not null) b.Add(ReferenceEquals(v, e.Value) ? e : new Entry(e.Key, v));
                }
                var r = b is null ? m : new MappingNode(b.DrainToImmutable(), m.Mark, m.Tag);
                return r.IsOverride && all ? r.WithTag(null) : r;
            }
            case SequenceNode q:
            {
                ImmutableArray<Node>.Builder? b = null;
                for (var i = 0; i < q.Items.Length; i++)
                {
                    var item = q.Items[i];
                    var v = item.IsReset ? null : SettleNode(item, all);
                    if (b is null && ReferenceEquals(v, item)) continue;
                    b ??= q.Items.Take(i).ToImmutableArray().ToBuilder();
                    if (v is not null) b.Add(v);
                }
                var r = b is null ? q : new SequenceNode(b.DrainToImmutable(), q.Mark, q.Tag);
                return r.IsOverride && all ? r.WithTag(null) : r;
            }
            default:
                return n.IsOverride && all ? n.WithTag(null) : n;
        }
    }

    private static SequenceNode Append(SequenceNode b, SequenceNode o) => new([.. b.Items, .. o.Items], b.Mark, b.Tag);

    private MappingNode ServiceOver(Node b, Node o, PathStack path)
    {
        if (b is not MappingNode bm || o is not MappingNode om)
            return (Deep(b, o, path) as MappingNode) ?? (o as MappingNode) ?? MappingNode.Empty(o.Mark);
        return MapOf(bm, om, path, ServiceKey);
    }

    private Node ServiceKey(string name, Node existing, Node ov, PathStack path) => name switch
    {
        // override/merge.go `override`: replaced, even by null.
        "command" or "entrypoint" => ov,
        "healthcheck" when existing is MappingNode hb && ov is MappingNode ho =>
            MapOf(hb, ho, path, (k, x, y, p) => k == "test" ? y : Deep(x, y, p)),
        // mergeToSequence + keyValueIndexer: the override's entry wins, even a valueless one.
        "environment" or "labels" or "annotations" or "sysctls" => KeyValues(existing, ov, path),
        "extra_hosts" when existing is SequenceNode eb && ov is SequenceNode eo => AppendDistinct(eb, eo),
        "logging" when existing is MappingNode lb && ov is MappingNode lo => Logging(lb, lo, path),
        // mergeUlimit: one ulimit of the override replaces that whole entry.
        "ulimits" when existing is MappingNode ub && ov is MappingNode uo => MapOf(ub, uo, path, (_, _, y, _) => y),
        "build" when existing is MappingNode bb && ov is MappingNode bo => MapOf(bb, bo, path, (k, x, y, p) => k switch
        {
            "args" or "labels" or "additional_contexts" => KeyValues(x, y, p),
            "extra_hosts" when x is SequenceNode xe && y is SequenceNode ye => AppendDistinct(xe, ye),
            _ => Deep(x, y, p),
        }),
        "deploy" when existing is MappingNode db && ov is MappingNode dov =>
            MapOf(db, dov, path, (k, x, y, p) => k == "labels" ? KeyValues(x, y, p) : Deep(x, y, p)),
        _ => Deep(existing, ov, path),
    };

    private Node KeyValues(Node b, Node o, PathStack path)
    {
        if (o is ScalarNode { IsNull: true }) return b;
        // Either form may come in (additional_contexts is not made a mapping before the merge): compare as mappings.
        if (b is SequenceNode bl) b = Canonicalize.ListToMap(bl, path.ToString());
        if (o is SequenceNode ol) o = Canonicalize.ListToMap(ol, path.ToString());
        if (b is MappingNode bm && o is MappingNode om) return MapOf(bm, om, path, (_, _, y, _) => y);
        return Deep(b, o, path);
    }

    private static SequenceNode AppendDistinct(SequenceNode b, SequenceNode o)
    {
        var seen = new HashSet<string>(b.Items.Select(SchemaValidator.Canonical), StringComparer.Ordinal);
        var items = b.Items.ToBuilder();
        foreach (var i in o.Items)
            if (seen.Add(SchemaValidator.Canonical(i))) items.Add(i);
        return new SequenceNode(items.DrainToImmutable(), b.Mark, b.Tag);
    }

    /// <summary>mergeLogging: options merge only when both files name the same driver (or one names none).</summary>
    private Node Logging(MappingNode b, MappingNode o, PathStack path)
    {
        var bd = N.Text(b["driver"]);
        var od = N.Text(o["driver"]);
        if (od is not null && bd is not null && od != bd) return o;
        return Deep(b, o, path);
    }

    /// <summary>A top-level network: ipam.config merged by subnet (mergeIPAMConfig), the rest by the default rules.</summary>
    private Node Network(Node b, Node o, PathStack path)
    {
        if (b is not MappingNode bm || o is not MappingNode om) return Deep(b, o, path);
        return MapOf(bm, om, path, (k, x, y, p) =>
            k == "ipam" && x is MappingNode xi && y is MappingNode yi
                ? MapOf(xi, yi, p, (k2, x2, y2, p2) => k2 == "config" && x2 is SequenceNode xc && y2 is SequenceNode yc ? IpamConfig(xc, yc, p2) : Deep(x2, y2, p2))
                : Deep(x, y, p));
    }

    /// <summary>
    /// mergeIPAMConfig for the common shapes: an override config with a subnet already configured merges into it,
    /// one with a new subnet is added. (compose-go drops base configs no override names when there are several;
    /// that looks accidental and is not followed.)
    /// </summary>
    private Node IpamConfig(SequenceNode b, SequenceNode o, PathStack path)
    {
        var items = b.Items.ToBuilder();
        foreach (var y in o.Items)
        {
            var subnet = N.Text((y as MappingNode)?["subnet"]);
            var idx = -1;
            for (var j = 0; j < items.Count; j++)
                if (N.Text((items[j] as MappingNode)?["subnet"]) == subnet) { idx = j; break; }
            if (idx >= 0) items[idx] = Deep(items[idx], y, path); else items.Add(y);
        }
        return new SequenceNode(items.DrainToImmutable(), b.Mark, b.Tag);
    }

    // ---- override/uncity.go: sequences where a later entry with the same key replaces the earlier one in place.

    /// <summary>EnforceUnicity over every service of a model, raw (before the schema, as compose-go) or canonical.</summary>
    public static MappingNode Unique(MappingNode root)
    {
        if (root["services"] is not MappingNode services) return root;
        // Copy on write: nearly every file has no duplicates, and then nothing is rebuilt.
        ImmutableArray<Entry>.Builder? entries = null;
        for (var i = 0; i < services.Entries.Length; i++)
        {
            var e = services.Entries[i];
            var unique = e.Value is MappingNode s ? UniqueService(s) : e.Value;
            if (entries is null && ReferenceEquals(unique, e.Value)) continue;
            entries ??= services.Entries.Take(i).ToImmutableArray().ToBuilder();
            entries.Add(ReferenceEquals(unique, e.Value) ? e : new Entry(e.Key, unique));
        }
        return entries is null ? root : root.With("services", new MappingNode(entries.DrainToImmutable(), services.Mark, services.Tag));
    }

    private static readonly string[] KeyValueSequences = ["cap_add", "cap_drop", "dns", "dns_opt", "dns_search", "links", "profiles", "tmpfs"];

    public static MappingNode UniqueService(MappingNode svc)
    {
        var r = svc;
        foreach (var k in KeyValueSequences) r = UniqueAt(r, k, KeyValueKey);
        r = UniqueAt(r, "ports", PortKey);
        r = UniqueAt(r, "expose", n => N.Text(n) ?? SchemaValidator.Canonical(n));
        r = UniqueAt(r, "volumes", VolumeKey);
        r = UniqueAt(r, "secrets", n => MountKey(n, "/run/secrets"));
        r = UniqueAt(r, "configs", n => MountKey(n, ""));
        r = UniqueAt(r, "env_file", n => N.Text((n as MappingNode)?["path"]) ?? N.Text(n) ?? SchemaValidator.Canonical(n));
        r = UniqueAt(r, "devices", DeviceKey);
        if (r["build"] is MappingNode build && UniqueAt(build, "tags", KeyValueKey) is var tags && !ReferenceEquals(tags, build)) r = r.With("build", tags);
        if (r["networks"] is MappingNode nets)
        {
            ImmutableArray<Entry>.Builder? entries = null;
            for (var i = 0; i < nets.Entries.Length; i++)
            {
                var e = nets.Entries[i];
                if (e.Value is not MappingNode n || UniqueAt(UniqueAt(n, "aliases", KeyValueKey), "link_local_ips", KeyValueKey) is var u && ReferenceEquals(u, n)) continue;
                entries ??= nets.Entries.ToBuilder();
                entries[i] = new Entry(e.Key, u);
            }
            if (entries is not null) r = r.With("networks", new MappingNode(entries.MoveToImmutable(), nets.Mark, nets.Tag));
        }
        return r;
    }

    private static MappingNode UniqueAt(MappingNode m, string key, Func<Node, string> keyOf)
    {
        if (m[key] is not SequenceNode q || q.Items.Length < 2 || !HasRepeatedKey(q, keyOf)) return m;
        var items = ImmutableArray.CreateBuilder<Node>(q.Items.Length);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in q.Items)
        {
            var k = keyOf(i);
            if (index.TryGetValue(k, out var j)) items[j] = i;
            else { index[k] = items.Count; items.Add(i); }
        }
        return items.Count == q.Items.Length ? m : m.With(key, new SequenceNode(items.DrainToImmutable(), q.Mark, q.Tag));
    }

    /// <summary>Whether two items share a key: a short list (nearly every one) is compared pairwise, with no dictionary.</summary>
    private static bool HasRepeatedKey(SequenceNode q, Func<Node, string> keyOf)
    {
        if (q.Items.Length > 8) return true;
        var keys = new string[q.Items.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = keyOf(q.Items[i]);
            for (var j = 0; j < i; j++)
                if (keys[j] == keys[i]) return true;
        }
        return false;
    }

    /// <summary>volumeIndexer: the target, of the long syntax or parsed from the short one.</summary>
    private static string VolumeKey(Node n) => n switch
    {
        MappingNode m => N.Text(m["target"]) ?? SchemaValidator.Canonical(n),
        ScalarNode s when Syntax.TryParseVolume(s.Value, out var v, out _) => v.Target,
        _ => SchemaValidator.Canonical(n),
    };

    /// <summary>keyValueIndexer: the part before the first '='.</summary>
    private static string KeyValueKey(Node n) => N.Text(n) is { } s ? (s.IndexOf('=') is var eq and >= 0 ? s[..eq] : s) : SchemaValidator.Canonical(n);

    /// <summary>portIndexer: host_ip:published:target/protocol, mode left out.</summary>
    private static string PortKey(Node n) => n is MappingNode m
        ? $"{N.Text(m["host_ip"]) ?? "0.0.0.0"}:{N.Text(m["published"]) ?? "<nil>"}:{N.Text(m["target"])}/{N.Text(m["protocol"]) ?? "tcp"}"
        : SchemaValidator.Canonical(n);

    /// <summary>mountIndexer: the target, else the default folder and the source.</summary>
    private static string MountKey(Node n, string defaultPath) => n switch
    {
        MappingNode m when N.Text(m["target"]) is { } t => t,
        MappingNode m => $"{defaultPath}/{N.Text(m["source"])}",
        ScalarNode s => $"{defaultPath}/{s.Value}",
        _ => SchemaValidator.Canonical(n),
    };

    /// <summary>deviceMappingIndexer: the container path (the second field of host:container[:perms]).</summary>
    private static string DeviceKey(Node n) => n switch
    {
        MappingNode m => N.Text(m["target"]) ?? SchemaValidator.Canonical(n),
        ScalarNode s => s.Value.Split(':') is var parts && parts.Length > 1 ? parts[1] : s.Value,
        _ => SchemaValidator.Canonical(n),
    };
}
