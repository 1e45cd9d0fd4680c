using System.Collections.Immutable;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// Compose merge rules on canonical trees: mappings merge key by key; command/entrypoint/healthcheck.test
/// replace; ports/expose/dns/cap_add... append without duplicates; volumes merge by target; secrets/configs by
/// source; env_file by path; `!reset` removes, `!override` replaces without merging.
/// </summary>
internal static class Merge
{
    private static readonly HashSet<string> AppendUnique =
    [
        "ports", "expose", "dns", "dns_search", "dns_opt", "cap_add", "cap_drop", "security_opt", "group_add", "devices",
        "external_links", "links", "volumes_from", "profiles", "tmpfs", "extra_hosts", "device_cgroup_rules", "label_file",
    ];

    public static MappingNode Files(MappingNode b, MappingNode o)
    {
        var result = b;
        foreach (var e in o.Entries)
        {
            if (e.Value.IsReset) { result = result.Without(e.Name); continue; }
            if (!result.TryGet(e.Name, out var existing) || e.Value.IsOverride) { result = result.With(e.Name, Untag(e.Value)); continue; }
            Node merged = e.Name switch
            {
                "services" when existing is MappingNode bs && e.Value is MappingNode os => MapOf(bs, os, Service),
                "networks" or "volumes" or "configs" or "secrets" when existing is MappingNode bm && e.Value is MappingNode om => MapOf(bm, om, Deep),
                _ => Deep(existing, e.Value),
            };
            result = result.With(e.Name, merged);
        }
        return result;
    }

    private static Node Untag(Node n) => n.Tag is null ? n : n.WithTag(null);

    private static MappingNode MapOf(MappingNode b, MappingNode o, Func<Node, Node, Node> merge)
    {
        var result = b;
        foreach (var e in o.Entries)
        {
            if (e.Value.IsReset) { result = result.Without(e.Name); continue; }
            if (!result.TryGet(e.Name, out var existing) || e.Value.IsOverride) { result = result.With(e.Name, Untag(e.Value)); continue; }
            result = result.With(e.Name, merge(existing, e.Value));
        }
        return result;
    }

    /// <summary>Generic deep merge: mappings by key, anything else replaced by the override.</summary>
    public static Node Deep(Node b, Node o)
    {
        if (o.IsReset) return N.Null(o.Mark);
        if (o.IsOverride) return Untag(o);
        if (b is MappingNode bm && o is MappingNode om) return MapOf(bm, om, Deep);
        if (o is ScalarNode { IsNull: true } && b is MappingNode) return b;
        return o;
    }

    public static Node Service(Node b, Node o)
    {
        if (b is not MappingNode bm || o is not MappingNode om) return Deep(b, o);
        var result = bm;
        foreach (var e in om.Entries)
        {
            if (e.Value.IsReset) { result = result.Without(e.Name); continue; }
            if (!result.TryGet(e.Name, out var existing) || e.Value.IsOverride) { result = result.With(e.Name, Untag(e.Value)); continue; }
            var ov = e.Value;
            Node merged = e.Name switch
            {
                "command" or "entrypoint" or "extends" => ov,
                "healthcheck" when existing is MappingNode hb && ov is MappingNode ho => MapOf(hb, ho, (x, y) => y is SequenceNode or ScalarNode ? y : Deep(x, y)),
                "volumes" when existing is SequenceNode vb && ov is SequenceNode vo => ByKey(vb, vo, n => N.Text((n as MappingNode)?["target"]) ?? SchemaKey(n)),
                "secrets" or "configs" when existing is SequenceNode sb && ov is SequenceNode so => ByKey(sb, so, n => N.Text((n as MappingNode)?["source"]) ?? SchemaKey(n)),
                "env_file" when existing is SequenceNode eb && ov is SequenceNode eo => ByKey(eb, eo, n => N.Text((n as MappingNode)?["path"]) ?? SchemaKey(n)),
                "logging" when existing is MappingNode lb && ov is MappingNode lo => Logging(lb, lo),
                "ulimits" when existing is MappingNode ub && ov is MappingNode uo => MapOf(ub, uo, (_, y) => y),
                _ when AppendUnique.Contains(e.Name) && existing is SequenceNode ab && ov is SequenceNode ao => AppendDistinct(ab, ao),
                // compose-go's default for a list with no rule of its own: the override's entries follow the base's, repeats kept.
                "post_start" or "pre_stop" when existing is SequenceNode hb && ov is SequenceNode ho => new SequenceNode(hb.Items.AddRange(ho.Items), hb.Mark, hb.Tag),
                _ => Deep(existing, ov),
            };
            result = result.With(e.Name, merged);
        }
        return result;
    }

    private static string SchemaKey(Node n) => SchemaValidator.Canonical(n);

    private static SequenceNode AppendDistinct(SequenceNode b, SequenceNode o)
    {
        var seen = new HashSet<string>(b.Items.Select(SchemaKey), StringComparer.Ordinal);
        var items = b.Items.ToBuilder();
        foreach (var i in o.Items)
            if (seen.Add(SchemaKey(i))) items.Add(i);
        return new SequenceNode(items.ToImmutable(), b.Mark);
    }

    private static SequenceNode ByKey(SequenceNode b, SequenceNode o, Func<Node, string> key)
    {
        var items = b.Items.ToBuilder();
        foreach (var i in o.Items)
        {
            var k = key(i);
            var idx = -1;
            for (var j = 0; j < items.Count; j++) if (key(items[j]) == k) { idx = j; break; }
            if (idx >= 0) items[idx] = i; else items.Add(i);
        }
        return new SequenceNode(items.ToImmutable(), b.Mark);
    }

    private static Node Logging(MappingNode b, MappingNode o)
    {
        var bd = N.Text(b["driver"]);
        var od = N.Text(o["driver"]);
        if (od is not null && bd is not null && od != bd) return o;
        return Deep(b, o);
    }
}
