using System.Collections.Immutable;
using System.Globalization;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// Per-file transform after validation: short syntaxes to long forms (so merge and extends work key by key)
/// and relative host paths to absolute ones against the file's base directory (unless
/// <paramref name="resolvePaths"/> is false: `config --no-path-resolution` prints them as written).
/// A valueless entry of an environment written as a list takes its value from <paramref name="lookup"/>
/// here, as compose-go does for that form whatever steps are skipped; the map form waits for the Normalizer.
/// </summary>
internal sealed partial class Canonicalize(string baseDir, string? home, List<Diagnostic> diags, bool resolvePaths = true, Func<string, string?>? lookup = null)
{
    /// <summary>Shared by every file of one load: what port ranges have expanded to so far.</summary>
    public ExpansionBudget Budget { get; init; } = new();

    private static readonly string[] ListOrDictKeys = ["labels", "annotations", "sysctls", "storage_opt"];
    private static readonly string[] StringOrListKeys = ["dns", "dns_search", "dns_opt", "tmpfs"];

    public MappingNode File(MappingNode root)
    {
        var result = root;
        if (root["services"] is MappingNode services)
        {
            var entries = services.Entries.Select(e => e.Value is MappingNode svc
                ? new Entry(e.Key, Service(svc, "services." + e.Name)) : e);
            result = result.With("services", new MappingNode([.. entries], services.Mark, services.Tag));
        }
        foreach (var top in new[] { "networks", "volumes", "configs", "secrets" })
        {
            if (root[top] is not MappingNode m) continue;
            var entries = m.Entries.Select(e => e.Value is MappingNode def ? new Entry(e.Key, TopLevel(top, def)) : e);
            result = result.With(top, new MappingNode([.. entries], m.Mark, m.Tag));
        }
        return result;
    }

    private MappingNode TopLevel(string kind, MappingNode def)
    {
        var r = def;
        if (def["labels"] is SequenceNode l) r = r.With("labels", ListToMap(l, "labels"));
        if (kind is "configs" or "secrets" && N.Text(def["file"]) is { } f)
            r = r.With("file", N.Str(HostPath(f), def["file"]!.Mark));
        if (kind == "volumes" && BindDevice(def) is { } device)
            r = r.With("driver_opts", ((MappingNode)def["driver_opts"]!).With("device", N.Str(HostPath(device.Value), device.Mark)));
        // compose-go's transformMaybeExternal: the deprecated `external: {name: X}` is `external: true` (whatever
        // the mapping holds), and X becomes the name unless one is given (a different one is refused per file).
        if (def["external"] is MappingNode ext)
        {
            r = r.With("external", N.Bool(true, ext.Mark));
            if (N.Text(ext["name"]) is { } en && def["name"] is null) r = r.With("name", N.Str(en, ext.Mark));
        }
        return r;
    }

    /// <summary>
    /// The host folder a local volume binds (`driver: local`, `o: bind`, `device: ./data`): a path like any
    /// other, so resolved too. compose-go looks only at exactly that shape; any other driver_opts are the driver's.
    /// </summary>
    private static ScalarNode? BindDevice(MappingNode volume) =>
        N.Text(volume["driver"]) == "local" && volume["driver_opts"] is MappingNode opts && N.Text(opts["o"]) == "bind" && opts["device"] is ScalarNode { IsNull: false } device
            ? device : null;

    /// <summary>A host path of the model: absolute against this file's directory, or as written when paths are not resolved.</summary>
    private string HostPath(string path) => resolvePaths ? Syntax.ResolvePath(path, baseDir, home) : path;

    public MappingNode Service(MappingNode svc, string path)
    {
        var b = ImmutableArray.CreateBuilder<Entry>(svc.Entries.Length);
        foreach (var e in svc.Entries)
        {
            // The entry's path is needed only by the forms that report errors (most entries report none).
            var p = e.Name is "build" or "ports" or "volumes" or "deploy" ? N.Child(path, e.Name) : path;
            var v = e.Value;
            if (v.IsReset) { b.Add(e); continue; }
            var nv = e.Name switch
            {
                "build" => Build(v, p),
                "environment" when v is SequenceNode s => FillListed(ListToMap(s, p)),
                "depends_on" => DependsOn(v, p),
                "ports" when v is SequenceNode s => Ports(s, p),
                "expose" when v is SequenceNode s => new SequenceNode([.. s.Items.Select(i => i is ScalarNode sc ? N.Str(sc.Value, sc.Mark) : i)], s.Mark, s.Tag),
                "volumes" when v is SequenceNode s => Volumes(s, p),
                "env_file" => EnvFile(v, p),
                "label_file" => LabelFile(v),
                "extends" => Extends(v),
                "networks" or "models" when v is SequenceNode s => new MappingNode([.. s.Items.OfType<ScalarNode>().Select(i => new Entry(new ScalarNode(i.Value, true, i.Mark), N.Null(i.Mark)))], s.Mark, s.Tag),
                "secrets" or "configs" when v is SequenceNode s => new SequenceNode([.. s.Items.Select(i => i is ScalarNode sc ? N.Map(sc.Mark, ("source", N.Str(sc.Value, sc.Mark))) : i)], s.Mark, s.Tag),
                "extra_hosts" => ExtraHosts(v),
                // transform/gpus.go: `gpus: all` is the list [{count: all}], so that an override's list is appended to it.
                "gpus" when v is ScalarNode { IsNull: false, Value: "all" } g => new SequenceNode([N.Map(g.Mark, ("count", N.Str("all", g.Mark)))], g.Mark, g.Tag),
                "develop" when v is MappingNode m => Develop(m),
                "post_start" or "pre_stop" when v is SequenceNode s => Hooks(s),
                "deploy" when v is MappingNode m && m["labels"] is SequenceNode dl => m.With("labels", ListToMap(dl, N.Child(p, "labels"))),
                _ when ListOrDictKeys.Contains(e.Name) && v is SequenceNode s => ListToMap(s, p),
                _ when StringOrListKeys.Contains(e.Name) && v is ScalarNode { IsNull: false } sc => new SequenceNode([sc], sc.Mark, sc.Tag),
                _ => v,
            };
            b.Add(ReferenceEquals(nv, v) ? e : new Entry(e.Key, nv.Tag is null && v.Tag is not null ? nv.WithTag(v.Tag) : nv));
        }
        return Unique(new MappingNode(b.DrainToImmutable(), svc.Mark, svc.Tag));
    }

    private MappingNode FillListed(MappingNode environment)
    {
        if (lookup is null) return environment;
        ImmutableArray<Entry>.Builder? b = null;
        for (var i = 0; i < environment.Entries.Length; i++)
        {
            var e = environment.Entries[i];
            if (e.Value is not ScalarNode { IsNull: true } || lookup(e.Name) is not { } value) continue;
            b ??= environment.Entries.ToBuilder();
            b[i] = new Entry(e.Key, N.Str(value, e.Value.Mark));
        }
        return b is null ? environment : new MappingNode(b.MoveToImmutable(), environment.Mark, environment.Tag);
    }

    /// <summary>["A=1", "B"] -> {A: "1", B: null}; a key listed again replaces the earlier entry, in its place.</summary>
    public static MappingNode ListToMap(SequenceNode s, string path)
    {
        var entries = ImmutableArray.CreateBuilder<Entry>(s.Items.Length);
        foreach (var item in s.Items)
        {
            if (item is not ScalarNode sc) continue;
            var eq = sc.Value.IndexOf('=');
            var key = eq < 0 ? sc.Value : sc.Value[..eq];
            Node val = eq < 0 ? N.Null(sc.Mark) : N.Str(sc.Value[(eq + 1)..], sc.Mark);
            var entry = new Entry(new ScalarNode(key, true, sc.Mark), val);
            var idx = -1;
            for (var i = 0; i < entries.Count && idx < 0; i++) if (entries[i].Name == key) idx = i;
            if (idx >= 0) entries[idx] = entry; else entries.Add(entry);
        }
        return new MappingNode(entries.DrainToImmutable(), s.Mark, s.Tag);
    }

    private Node Build(Node v, string path)
    {
        if (v is ScalarNode s && !s.IsNull)
            return N.Map(s.Mark, ("context", N.Str(ResolveContext(s.Value), s.Mark)));
        if (v is not MappingNode m) return v;
        // No context stays no context here: an override that sets only `target` must not replace the
        // context it inherits (compose-go defaults it to "." after merging; the normalizer does too).
        var r = m["context"] is { } ctx ? m.With("context", N.Str(ResolveContext(N.Text(ctx) ?? "."), ctx.Mark)) : m;
        if (m["args"] is SequenceNode a) r = r.With("args", ListToMap(a, N.Child(path, "args")));
        if (m["labels"] is SequenceNode l) r = r.With("labels", ListToMap(l, N.Child(path, "labels")));
        if (m["extra_hosts"] is { } eh) r = r.With("extra_hosts", ExtraHosts(eh));
        // compose-go: additional_contexts and ssh become mappings (KEY=VALUE; a bare ssh id is the default agent),
        // local contexts and ssh paths absolute; build secrets become {source} mappings with no default target.
        if (Mapping(m["additional_contexts"], N.Child(path, "additional_contexts")) is { } ac)
            r = r.With("additional_contexts", MapValues(ac, v => v.StartsWith("service:", StringComparison.Ordinal) ? v : ResolveContext(v)));
        if (Mapping(m["ssh"], N.Child(path, "ssh")) is { } ssh) r = r.With("ssh", MapValues(ssh, HostPath));
        if (m["secrets"] is SequenceNode bs)
            r = r.With("secrets", new SequenceNode([.. bs.Items.Select(i => i is ScalarNode sc ? N.Map(sc.Mark, ("source", N.Str(sc.Value, sc.Mark))) : i)], bs.Mark, bs.Tag));
        return r;
    }

    private static MappingNode? Mapping(Node? n, string path) => n switch
    {
        SequenceNode q => ListToMap(q, path),
        MappingNode mm => mm,
        _ => null,
    };

    private static MappingNode MapValues(MappingNode m, Func<string, string> f) =>
        new([.. m.Entries.Select(e => e.Value is ScalarNode { IsNull: false } v ? new Entry(e.Key, N.Str(f(v.Value), v.Mark)) : e)], m.Mark, m.Tag);

    private string ResolveContext(string ctx) =>
        ctx.Contains("://", StringComparison.Ordinal) || ctx.StartsWith("git@", StringComparison.Ordinal) || ctx.StartsWith("github.com/", StringComparison.Ordinal)
            ? ctx : HostPath(ctx);

    private static Node DependsOn(Node v, string path)
    {
        if (v is SequenceNode s)
            return new MappingNode([.. s.Items.OfType<ScalarNode>().Select(i => new Entry(new ScalarNode(i.Value, true, i.Mark),
                N.Map(i.Mark, ("condition", N.Str("service_started", i.Mark)), ("required", N.Bool(true, i.Mark)))))], s.Mark, s.Tag);
        return v;
    }

    private Node Ports(SequenceNode s, string path)
    {
        var items = new List<Node>();
        for (var i = 0; i < s.Items.Length; i++)
        {
            var item = s.Items[i];
            if (item is ScalarNode sc && !sc.IsNull)
            {
                if (Budget.PortsReported) continue; // refused already: expanding more ranges would only cost time
                if (!Syntax.TryParsePort(sc.Value, out var ports, out var err)) { N.Error(diags, sc, N.Index(path, i), err!); continue; }
                Budget.PortMappings += ports.Count;
                if (Budget.PortMappings > ExpansionBudget.MaxPortMappings)
                {
                    if (!Budget.PortsReported)
                        N.Error(diags, sc, N.Index(path, i), $"port ranges expand to more than {ExpansionBudget.MaxPortMappings} port mappings in this project");
                    Budget.PortsReported = true;
                    continue;
                }
                foreach (var p in ports) items.Add(PortNode(p, sc.Mark));
            }
            else if (item is MappingNode m)
            {
                // Long syntax: validate numbers here, so errors point at the entry.
                var t = N.Text(m["target"]);
                string? err = null;
                if (t is null || !Syntax.TryPortNumber(t, out _, out err))
                {
                    N.Error(diags, m["target"] ?? m, N.Child(N.Index(path, i), "target"), t is null ? "missing required property 'target'" : err!);
                    continue;
                }
                if (N.Text(m["published"]) is { } pub)
                {
                    var ok = pub.Split('-') is var parts && parts.Length <= 2 && parts.All(x => Syntax.TryPortNumber(x, out _, out _));
                    if (!ok) { N.Error(diags, m["published"]!, N.Child(N.Index(path, i), "published"), $"invalid published port '{pub}'"); continue; }
                }
                items.Add(m);
            }
            else items.Add(item);
        }
        return new SequenceNode([.. items], s.Mark, s.Tag);
    }

    internal static MappingNode PortNode(PortConfig p, Mark m) => N.Map(m,
        ("target", N.Int(p.Target, m)),
        ("published", p.Published is null ? null : N.Str(p.Published, m)),
        ("host_ip", p.HostIp is null ? null : N.Str(p.HostIp, m)),
        ("protocol", N.Str(p.Protocol, m)),
        ("mode", N.Str(p.Mode == PortMode.Host ? "host" : "ingress", m)));

    private Node Volumes(SequenceNode s, string path)
    {
        var items = ImmutableArray.CreateBuilder<Node>(s.Items.Length);
        for (var i = 0; i < s.Items.Length; i++)
        {
            var item = s.Items[i];
            // The item's path, made only for an error.
            string P() => N.Index(path, i);
            if (item is ScalarNode sc && !sc.IsNull)
            {
                if (!Syntax.TryParseVolume(sc.Value, out var vol, out var err)) { N.Error(diags, sc, P(), err!); continue; }
                var m = sc.Mark;
                items.Add(N.Map(m,
                    ("type", N.Str(vol.Type == VolumeType.Bind ? "bind" : "volume", m)),
                    ("source", vol.Source is null ? null : N.Str(vol.Type == VolumeType.Bind ? HostPath(vol.Source) : vol.Source, m)),
                    ("target", N.Str(vol.Target, m)),
                    ("read_only", vol.ReadOnly ? N.Bool(true, m) : null),
                    ("consistency", vol.Consistency is null ? null : N.Str(vol.Consistency, m)),
                    ("bind", vol.Bind is null ? null : N.Map(m,
                        ("create_host_path", N.Bool(true, m)),
                        ("selinux", vol.Bind.SELinux is null ? null : N.Str(vol.Bind.SELinux, m)),
                        ("propagation", vol.Bind.Propagation is null ? null : N.Str(vol.Bind.Propagation, m)))),
                    ("volume", vol.Volume is null ? null : N.Map(m, ("nocopy", vol.Volume.NoCopy ? N.Bool(true, m) : null)))));
            }
            else if (item is MappingNode m)
            {
                var type = N.Text(m["type"]);
                var target = N.Text(m["target"]);
                var r = m;
                if (target is null && type != "npipe") { N.Error(diags, m, P(), "missing required property 'target'"); continue; }
                if (target is not null)
                {
                    if (!target.StartsWith('/')) { N.Error(diags, m["target"]!, N.Child(P(), "target"), $"the container path '{target}' must be absolute"); continue; }
                    r = r.With("target", N.Str(Syntax.CleanTarget(target), m["target"]!.Mark));
                }
                if (type == "bind")
                {
                    var src = N.Text(m["source"]);
                    if (src is null) { N.Error(diags, m, P(), "a bind mount needs a 'source'"); continue; }
                    r = r.With("source", N.Str(HostPath(src), m["source"]!.Mark));
                }
                items.Add(r);
            }
            else items.Add(item);
        }
        return new SequenceNode(items.DrainToImmutable(), s.Mark, s.Tag);
    }

    private Node EnvFile(Node v, string path)
    {
        MappingNode One(Node n) => n switch
        {
            ScalarNode s => N.Map(s.Mark, ("path", N.Str(HostPath(s.Value), s.Mark)), ("required", N.Bool(true, s.Mark))),
            MappingNode m => m.With("path", N.Str(HostPath(N.Text(m["path"]) ?? ""), m["path"]?.Mark ?? m.Mark))
                              .With("required", m["required"] ?? N.Bool(true, m.Mark)),
            _ => N.Map(n.Mark),
        };
        return v switch
        {
            ScalarNode { IsNull: false } s => new SequenceNode([One(s)], s.Mark, s.Tag),
            SequenceNode q => new SequenceNode([.. q.Items.Select(One)], q.Mark, q.Tag),
            _ => v,
        };
    }

    /// <summary>`label_file: path` or a list of paths: always a list, each path resolved like any host path.</summary>
    private Node LabelFile(Node v) => v switch
    {
        ScalarNode { IsNull: false } s => new SequenceNode([N.Str(HostPath(s.Value), s.Mark)], s.Mark, s.Tag),
        SequenceNode q => new SequenceNode([.. q.Items.Select(i => i is ScalarNode s ? N.Str(HostPath(s.Value), s.Mark) : i)], q.Mark, q.Tag),
        _ => v,
    };

    private Node Extends(Node v)
    {
        if (v is ScalarNode s && !s.IsNull) return N.Map(s.Mark, ("service", s));
        if (v is MappingNode m && N.Text(m["file"]) is { } f)
            return m.With("file", N.Str(Syntax.ResolvePath(f, baseDir, home), m["file"]!.Mark));
        return v;
    }

    /// <summary>
    /// develop.watch: each `path` made absolute against this file's directory (as compose-go does, so a
    /// rule inherited through `extends` still points where its file meant), `ignore`/`include` as lists.
    /// </summary>
    private MappingNode Develop(MappingNode develop)
    {
        if (develop["watch"] is not SequenceNode watch) return develop;
        var rules = watch.Items.Select(item =>
        {
            if (item is not MappingNode rule) return item;
            var r = rule;
            if (rule["path"] is ScalarNode { IsNull: false } path)
                r = r.With("path", N.Str(HostPath(path.Value), path.Mark));
            foreach (var key in new[] { "ignore", "include" })
                if (rule[key] is ScalarNode { IsNull: false } one) r = r.With(key, new SequenceNode([one], one.Mark, one.Tag));
            if (rule["exec"] is MappingNode exec && exec["environment"] is SequenceNode env)
                r = r.With("exec", exec.With("environment", ListToMap(env, "environment")));
            return r;
        });
        return develop.With("watch", new SequenceNode([.. rules], watch.Mark, watch.Tag));
    }

    /// <summary>Each hook's environment as a map, whichever form it was written in (compose-go's MappingWithEquals).</summary>
    private static SequenceNode Hooks(SequenceNode hooks) =>
        new([.. hooks.Items.Select(h => h is MappingNode m && m["environment"] is SequenceNode env ? m.With("environment", ListToMap(env, "environment")) : h)], hooks.Mark, hooks.Tag);

    /// <summary>
    /// extra_hosts as the engine's host:ip list, as compose-go's HostsList: in a list '=' is tried before ':' and
    /// the IPs after it split on ','; the mapping form takes one IP or a list; brackets around an IP ("[::1]")
    /// are removed, since the engine would write them into /etc/hosts.
    /// </summary>
    private static Node ExtraHosts(Node v)
    {
        if (v is MappingNode m)
        {
            var items = new List<Node>();
            foreach (var e in m.Entries)
            {
                if (e.Value is SequenceNode ips) items.AddRange(ips.Items.OfType<ScalarNode>().Select(ip => Host(e.Name, ip.Value, ip.Mark)));
                else items.Add(Host(e.Name, N.Text(e.Value) ?? "", e.Key.Mark));
            }
            return new SequenceNode([.. items], m.Mark, m.Tag);
        }
        if (v is SequenceNode s)
        {
            var items = new List<Node>();
            foreach (var i in s.Items)
            {
                var sep = i is ScalarNode sc ? sc.Value.IndexOf('=') is var eq and > 0 ? eq : sc.Value.IndexOf(':') : -1;
                if (sep <= 0) { items.Add(i); continue; }
                var text = ((ScalarNode)i).Value;
                items.AddRange(text[(sep + 1)..].Split(',').Select(ip => Host(text[..sep], ip, i.Mark)));
            }
            return new SequenceNode([.. items], s.Mark, s.Tag);
        }
        return v;
    }

    private static ScalarNode Host(string host, string ip, Mark mark) =>
        N.Str($"{host}:{(ip.Length > 2 && ip[0] == '[' && ip[^1] == ']' ? ip[1..^1] : ip)}", mark);
}

/// <summary>Bounds on what short syntaxes expand to, counted across the files of one load.</summary>
internal sealed class ExpansionBudget
{
    /// <summary>
    /// 131 070: every port number once for tcp and once for udp (`1-65535:1-65535` and its `/udp` twin). Each
    /// expanded port costs about 1 KB through the loader, so a file of wide ranges would otherwise reach gigabytes.
    /// </summary>
    public const long MaxPortMappings = 2 * 65535;

    public long PortMappings { get; set; }
    public bool PortsReported { get; set; }
}
