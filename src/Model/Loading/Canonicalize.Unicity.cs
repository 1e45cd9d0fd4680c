using System.Collections.Immutable;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// compose-go's override.EnforceUnicity, which its loader runs on each file right after the canonical transform:
/// in the lists below an entry that redefines an earlier one (same key) replaces it, in the earlier place. So
/// `volumes: [./a:/data, data:/data]` in one file mounts only `data` at /data, and a port listed twice is one port.
/// </summary>
internal sealed partial class Canonicalize
{
    private static readonly Dictionary<string, Func<Node, string?>> ServiceUnique = new(StringComparer.Ordinal)
    {
        ["volumes"] = n => n is MappingNode m ? N.Text(m["target"]) : null,
        ["ports"] = PortKey,
        ["devices"] = DeviceKey,
        ["secrets"] = n => MountKey(n, "/run/secrets"),
        ["configs"] = n => MountKey(n, ""),
        ["env_file"] = n => n is MappingNode m ? N.Text(m["path"]) : N.Text(n),
        ["expose"] = N.Text,
        ["cap_add"] = KeyBeforeEquals,
        ["cap_drop"] = KeyBeforeEquals,
        ["dns"] = KeyBeforeEquals,
        ["dns_opt"] = KeyBeforeEquals,
        ["dns_search"] = KeyBeforeEquals,
        ["links"] = KeyBeforeEquals,
        ["profiles"] = KeyBeforeEquals,
        ["tmpfs"] = KeyBeforeEquals,
    };

    // Copy on write throughout: nearly every list has no redefinition, and then nothing is rebuilt.
    private static MappingNode Unique(MappingNode svc)
    {
        var r = svc;
        foreach (var e in svc.Entries)
            if (e.Value is SequenceNode q && ServiceUnique.TryGetValue(e.Name, out var key) && Unique(q, key) is var u && !ReferenceEquals(u, q))
                r = r.With(e.Name, u);
        if (r["build"] is MappingNode build && build["tags"] is SequenceNode tags && Unique(tags, KeyBeforeEquals) is var ut && !ReferenceEquals(ut, tags))
            r = r.With("build", build.With("tags", ut));
        if (r["networks"] is MappingNode networks)
        {
            ImmutableArray<Entry>.Builder? entries = null;
            for (var i = 0; i < networks.Entries.Length; i++)
            {
                var n = networks.Entries[i];
                if (n.Value is not MappingNode net || UniqueAliases(net) is var un && ReferenceEquals(un, net)) continue;
                entries ??= networks.Entries.ToBuilder();
                entries[i] = new Entry(n.Key, un);
            }
            if (entries is not null) r = r.With("networks", new MappingNode(entries.MoveToImmutable(), networks.Mark, networks.Tag));
        }
        return r;
    }

    private static readonly string[] AliasLists = ["aliases", "link_local_ips"];

    private static MappingNode UniqueAliases(MappingNode net)
    {
        var r = net;
        foreach (var k in AliasLists)
            if (r[k] is SequenceNode q && Unique(q, KeyBeforeEquals) is var u && !ReferenceEquals(u, q)) r = r.With(k, u);
        return r;
    }

    /// <summary>Later entries replace earlier ones with the same key, in the earlier place; keyless entries stay.</summary>
    private static Node Unique(SequenceNode q, Func<Node, string?> key)
    {
        // One item cannot redefine another.
        if (q.Items.Length < 2) return q;
        var items = new List<Node>(q.Items.Length);
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in q.Items)
        {
            if (key(item) is not { } k) { items.Add(item); continue; }
            if (at.TryGetValue(k, out var i)) items[i] = item;
            else { at[k] = items.Count; items.Add(item); }
        }
        return items.Count == q.Items.Length ? q : new SequenceNode([.. items], q.Mark, q.Tag);
    }

    private static string? KeyBeforeEquals(Node n) => N.Text(n) is { } s ? (s.IndexOf('=') is var eq and >= 0 ? s[..eq] : s) : null;

    /// <summary>compose-go's portIndexer on a long-form port: host_ip (0.0.0.0), published, target, protocol (tcp).</summary>
    private static string? PortKey(Node n) => n switch
    {
        MappingNode m => $"{N.Text(m["host_ip"]) ?? "0.0.0.0"}:{N.Text(m["published"])}:{N.Text(m["target"])}/{N.Text(m["protocol"]) ?? "tcp"}",
        _ => N.Text(n),
    };

    /// <summary>compose-go's deviceMappingIndexer: the target (the source when the short form names only one path).</summary>
    private static string? DeviceKey(Node n) => n switch
    {
        MappingNode m => N.Text(m["target"]),
        _ when N.Text(n) is { } s => s.Split(':') is { Length: > 1 } parts ? parts[1] : s,
        _ => null,
    };

    /// <summary>compose-go's mountIndexer: the target, else the default folder and the source.</summary>
    private static string? MountKey(Node n, string folder) => n switch
    {
        MappingNode m => N.Text(m["target"]) ?? $"{folder}/{N.Text(m["source"])}",
        _ when N.Text(n) is { } s => $"{folder}/{s}",
        _ => null,
    };
}
