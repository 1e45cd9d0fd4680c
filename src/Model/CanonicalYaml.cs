using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Composer.Model.Loading;
using Composer.Model.Yaml;

namespace Composer.Model;

/// <summary>
/// The canonical text form of a project (`composer config`): long syntax everywhere, keys sorted ordinally,
/// empty values omitted, byte-for-byte stable for the same input.
/// </summary>
public static class CanonicalYaml
{
    public static string Write(Project p) => EscapeDollars(p, Emit(Tree(p)));

    /// <summary>
    /// docker compose's `config` replaces every `$` of its interpolated output with `$$` (keys, values, names),
    /// so the printed file is a compose file that interpolates back to the same values. Without interpolation
    /// the values still hold `${VAR}` as written and are printed unchanged, as docker compose does.
    /// </summary>
    internal static string EscapeDollars(Project p, string text) => p.Interpolated ? text.Replace("$", "$$") : text;

    /// <summary>
    /// The project as a tree of sorted maps (SortedDictionary), lists, strings and <see cref="Plain"/>
    /// scalars; null values are left out when written. CanonicalJson writes the same tree.
    /// </summary>
    internal static SortedDictionary<string, object?> Tree(Project p)
    {
        var root = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = p.Name,
            ["services"] = Map(p.Services, ServiceTree),
            ["networks"] = Map(p.Networks, NetworkTree),
            ["volumes"] = Map(p.Volumes, VolumeTree),
            ["configs"] = Map(p.Configs, FileObjectTree),
            ["secrets"] = Map(p.Secrets, FileObjectTree),
            ["models"] = Map(p.Models, ModelTree),
        };
        foreach (var (k, v) in p.Extensions) root[k] = Raw(v);
        return root;
    }

    /// <summary>One service in canonical form.</summary>
    public static string WriteService(ServiceConfig s) => Emit(ServiceTree(s));

    /// <summary>`config --services`: active service names, one a line (sorted).</summary>
    public static string Services(Project p) => Lines(p.Services.Keys);

    /// <summary>`config --volumes`: top-level volume keys.</summary>
    public static string Volumes(Project p) => Lines(p.Volumes.Keys);

    /// <summary>`config --networks`: top-level network keys.</summary>
    public static string Networks(Project p) => Lines(p.Networks.Keys);

    /// <summary>`config --profiles`: every profile any service names.</summary>
    public static string Profiles(Project p) => Lines(p.AllProfiles);

    /// <summary>`config --images`: image of each active service (build-only services: &lt;project&gt;-&lt;service&gt;).</summary>
    public static string Images(Project p) => Lines(p.Services.Values.Select(p.ImageName));

    /// <summary>`config --hash "*"`: "service hash" lines.</summary>
    public static string Hashes(Project p) => Lines(p.Services.Values.Select(s => $"{s.Name} {ServiceHash.Compute(s)}"));

    private static string Lines(IEnumerable<string> items)
    {
        var sb = new StringBuilder();
        foreach (var i in items) sb.Append(i).Append('\n');
        return sb.ToString();
    }

    // ---------- project -> ordered tree ----------

    /// <summary>A scalar written as is: true, false, null, a number, or {} (valid YAML and JSON alike).</summary>
    internal sealed record Plain(string Text);

    private static SortedDictionary<string, object?>? Map<T>(IEnumerable<KeyValuePair<string, T>> items, Func<T, object?> f)
    {
        var d = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in items) d[k] = f(v) ?? new SortedDictionary<string, object?>(StringComparer.Ordinal);
        return d.Count == 0 ? null : d;
    }

    private static SortedDictionary<string, object?>? StrMap<TV>(IEnumerable<KeyValuePair<string, TV>> items)
    {
        var d = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in items) d[k] = v is null ? new Plain("null") : v.ToString();
        return d.Count == 0 ? null : d;
    }

    private static List<object?>? List<T>(IEnumerable<T> items, Func<T, object?> f)
    {
        var l = items.Select(f).ToList();
        return l.Count == 0 ? null : l;
    }

    private static List<object?>? Strs(IEnumerable<string>? items) => items is null ? null : List(items, x => (object?)x);

    /// <summary>
    /// extra_hosts as compose-go's HostsList.MarshalYAML prints them: host=ip (readable with IPv6), sorted. The
    /// model keeps the engine's host:ip; a host name holds no ':' (refused at load), so the first ':' splits.
    /// </summary>
    private static List<object?>? Hosts(IEnumerable<string>? items) => items is null ? null
        : Strs(items.Select(h => h.IndexOf(':') is var c and > 0 ? h[..c] + "=" + h[(c + 1)..] : h).Order(StringComparer.Ordinal));

    private static SortedDictionary<string, object?> Obj(params (string Key, object? Value)[] entries)
    {
        var d = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in entries) d[k] = v;
        return d;
    }

    private static Plain? B(bool v) => v ? new Plain("true") : null;
    private static Plain? B(bool? v) => v is null ? null : new Plain(v.Value ? "true" : "false");
    private static Plain? I(long? v) => v is null ? null : new Plain(v.Value.ToString(CultureInfo.InvariantCulture));
    private static Plain? D(double? v) => v is null ? null : new Plain(v.Value.ToString("R", CultureInfo.InvariantCulture));
    private static string? T(TimeSpan? v) => v is null ? null : Units.FormatDuration(v.Value);
    private static string? Octal(int? v) => v is null ? null : "0" + System.Convert.ToString(v.Value, 8);

    private static object? Raw(RawValue v) => v.Kind switch
    {
        RawKind.Null => new Plain("null"),
        RawKind.Scalar => v.IsLiteral ? new Plain(v.Scalar!) : v.Scalar,
        RawKind.Sequence => v.Items.Select(Raw).ToList(),
        _ => Map(v.Map, Raw) ?? (object)new Plain("{}"),
    };

    internal static SortedDictionary<string, object?> ServiceTree(ServiceConfig s) => ServiceTree(s, forHash: false);

    internal static SortedDictionary<string, object?> ServiceTree(ServiceConfig s, bool forHash)
    {
        var d = Obj(
            ("image", s.Image),
            ("build", forHash || s.Build is null ? null : Obj(
                ("context", s.Build.Context),
                ("dockerfile", Written(s.Build.Dockerfile)),
                ("dockerfile_inline", s.Build.DockerfileInline),
                ("args", StrMap(s.Build.Args)),
                ("target", s.Build.Target),
                ("labels", StrMap(s.Build.Labels)),
                ("network", s.Build.Network),
                ("cache_from", Strs(s.Build.CacheFrom)),
                ("tags", Strs(s.Build.Tags)),
                ("no_cache", B(s.Build.NoCache)),
                ("pull", B(s.Build.Pull)),
                ("shm_size", s.Build.ShmSize?.ToString(CultureInfo.InvariantCulture)),
                ("extra_hosts", Hosts(s.Build.ExtraHosts)),
                ("isolation", s.Build.Isolation),
                ("ulimits", Ulimits(s.Build.Ulimits)),
                ("platforms", Strs(s.Build.Platforms)),
                ("additional_contexts", StrMap(s.Build.AdditionalContexts)),
                ("cache_to", Strs(s.Build.CacheTo)),
                ("entitlements", Strs(s.Build.Entitlements)),
                ("privileged", B(s.Build.Privileged)),
                ("provenance", s.Build.Provenance),
                ("sbom", s.Build.Sbom),
                ("secrets", List(s.Build.Secrets, r => FileRef(r, secret: false))),
                // compose-go prints an ssh entry as "id: path", which neither it nor we can load back; the input
                // form (id=path, or the bare id of the default agent) is printed instead, sorted by id.
                ("ssh", List(s.Build.Ssh, k => (object?)(k.Value is null ? k.Key : k.Key + "=" + k.Value))))),
            ("command", s.Command is { } c ? c.Select(x => (object?)x).ToList() : null),
            ("entrypoint", s.Entrypoint is { } e ? e.Select(x => (object?)x).ToList() : null),
            ("environment", StrMap(s.Environment)),
            // As docker compose's config (compose-go's WithDiscardEnvFiles): once read, env files are their values in
            // `environment`; only when they are not read (--no-env-resolution) are they named.
            ("env_file", forHash || s.UnreadEnvFiles.IsEmpty ? null : List(s.UnreadEnvFiles, EnvFileTree)),
            ("labels", StrMap(s.Labels)),
            ("annotations", StrMap(s.Annotations)),
            ("ports", List(s.Ports, p => Obj(
                ("target", I(p.Target)), ("published", p.Published), ("host_ip", p.HostIp), ("protocol", p.Protocol),
                ("mode", p.Mode == PortMode.Host ? "host" : "ingress"), ("name", p.Name), ("app_protocol", p.AppProtocol)))),
            ("expose", Strs(s.Expose)),
            ("volumes", List(s.Volumes, v => Obj(
                ("type", v.Type.ToString().ToLowerInvariant()), ("source", v.Source), ("target", v.Target), ("read_only", B(v.ReadOnly)),
                ("consistency", v.Consistency),
                ("bind", v.Bind is null ? null : NonEmpty(Obj(("propagation", v.Bind.Propagation), ("create_host_path", B(v.Bind.CreateHostPath)), ("selinux", v.Bind.SELinux), ("recursive", v.Bind.Recursive)))),
                ("image", v.Image is null ? null : Obj(("subpath", v.Image.Subpath))),
                // An empty `volume: {}` is printed as compose-go prints it, but left out of the hash: it changes nothing that runs.
                ("volume", v.Volume is null ? null : EmptyUnlessPrinted(Obj(("nocopy", B(v.Volume.NoCopy)), ("subpath", v.Volume.Subpath), ("labels", StrMap(v.Volume.Labels))), forHash)),
                ("tmpfs", v.Tmpfs is null ? null : NonEmpty(Obj(("size", I(v.Tmpfs.Size)), ("mode", Octal(v.Tmpfs.Mode)))))))),
            ("networks", Map(s.Networks, n => NonEmpty(Obj(
                ("aliases", Strs(n.Aliases)), ("ipv4_address", n.Ipv4Address), ("ipv6_address", n.Ipv6Address),
                ("priority", n.Priority == 0 ? null : I(n.Priority)), ("mac_address", n.MacAddress),
                ("link_local_ips", Strs(n.LinkLocalIps)), ("driver_opts", StrMap(n.DriverOpts)), ("interface_name", n.InterfaceName),
                ("gw_priority", n.GwPriority is null or 0 ? null : I(n.GwPriority)))) ?? (object)new Plain("null"))),
            ("depends_on", forHash ? null : Map(s.DependsOn, dep => Obj(
                ("condition", dep.Condition.ComposeName()),
                ("restart", B(dep.Restart)), ("required", B((bool?)dep.Required))))),
            ("links", List(s.Links, l => l.Alias == l.Service ? l.Service : $"{l.Service}:{l.Alias}")),
            ("external_links", Strs(s.ExternalLinks)),
            ("volumes_from", Strs(s.VolumesFrom)),
            ("network_mode", s.NetworkMode),
            ("healthcheck", s.Healthcheck is { } h ? Obj(
                ("test", Strs(h.Test)), ("interval", T(h.Interval)), ("timeout", T(h.Timeout)), ("start_period", T(h.StartPeriod)),
                ("start_interval", T(h.StartInterval)), ("retries", I(h.Retries)), ("disable", B(h.Disable))) : null),
            ("restart", s.RestartSet ? s.Restart.ToString() : null),
            ("deploy", s.Deploy is { } dp ? NonEmpty(Obj(
                ("mode", dp.Mode),
                ("replicas", forHash ? null : I(dp.Replicas ?? (s.ScaleSet ? s.Scale : null))),
                ("labels", StrMap(dp.Labels)),
                ("update_config", Update(dp.UpdateConfig)),
                ("rollback_config", Update(dp.RollbackConfig)),
                ("resources", dp.Resources is { } r ? NonEmpty(Obj(("limits", Spec(r.Limits)), ("reservations", Spec(r.Reservations)))) : null),
                ("restart_policy", dp.RestartPolicy is { } rp ? NonEmpty(Obj(("condition", rp.Condition), ("delay", T(rp.Delay)), ("max_attempts", I(rp.MaxAttempts)), ("window", T(rp.Window)))) : null),
                ("placement", NonEmpty(Obj(("constraints", Strs(dp.PlacementConstraints)), ("max_replicas_per_node", I(dp.MaxReplicasPerNode)),
                    ("preferences", List(dp.PlacementPreferences, p => Obj(("spread", p))))))),
                ("endpoint_mode", dp.EndpointMode))) : null),
            ("scale", forHash || !s.ScaleSet ? null : I(s.Scale)),
            ("container_name", s.ContainerName),
            ("hostname", s.Hostname),
            ("domainname", s.DomainName),
            ("working_dir", s.WorkingDir),
            ("user", s.User),
            ("init", B(s.Init)),
            ("tty", B(s.Tty)),
            ("stdin_open", B(s.StdinOpen)),
            ("cap_add", Strs(s.CapAdd)),
            ("cap_drop", Strs(s.CapDrop)),
            ("privileged", B(s.Privileged)),
            ("read_only", B(s.ReadOnly)),
            ("security_opt", Strs(s.SecurityOpt)),
            // compose-go's UlimitsConfig.MarshalYAML: a single number as it was written, unless 0.
            ("ulimits", Ulimits(s.Ulimits)),
            ("sysctls", StrMap(s.Sysctls)),
            ("extra_hosts", Hosts(s.ExtraHosts)),
            ("dns", Strs(s.Dns)),
            ("dns_search", Strs(s.DnsSearch)),
            ("dns_opt", Strs(s.DnsOpt)),
            ("shm_size", I(s.ShmSize)),
            ("mem_limit", I(s.MemLimit)),
            ("mem_reservation", I(s.MemReservation)),
            ("cpus", D(s.Cpus)),
            ("cpu_shares", I(s.CpuShares)),
            ("cpuset", s.Cpuset),
            ("cpu_period", I(s.CpuPeriod)),
            ("cpu_quota", I(s.CpuQuota)),
            ("cpu_rt_period", I(s.CpuRtPeriod)),
            ("cpu_rt_runtime", I(s.CpuRtRuntime)),
            ("cpu_count", I(s.CpuCount)),
            ("cpu_percent", I(s.CpuPercent)),
            ("mem_swappiness", I(s.MemSwappiness)),
            ("memswap_limit", I(s.MemswapLimit)),
            ("device_cgroup_rules", Strs(s.DeviceCgroupRules)),
            ("cgroup", s.Cgroup),
            ("blkio_config", s.BlkioConfig is { } bk ? BlkioTree(bk) : null),
            ("gpus", List(s.Gpus, DeviceRequestTree)),
            // Which output `up` shows changes no container: left out of the hash.
            ("attach", forHash ? null : B(s.Attach)),
            ("use_api_socket", s.UseApiSocket ? B(true) : null),
            ("stop_signal", s.StopSignal),
            ("stop_grace_period", T(s.StopGracePeriod)),
            ("configs", List(s.Configs, r => FileRef(r, secret: false))),
            ("secrets", List(s.Secrets, r => FileRef(r, secret: true))),
            ("profiles", forHash ? null : Strs(s.Profiles)),
            ("pull_policy", forHash ? null : s.PullPolicy),
            ("platform", s.Platform),
            ("logging", s.Logging is { } lg ? NonEmpty(Obj(("driver", lg.Driver), ("options", StrMap(lg.Options)))) : null),
            // compose-go's transformDeviceMapping makes every entry a mapping, and config prints that form.
            ("devices", List(s.Devices, dv => Obj(("source", dv.Source), ("target", dv.Target), ("permissions", dv.Permissions)))),
            ("group_add", Strs(s.GroupAdd)),
            ("pid", s.Pid),
            ("ipc", s.Ipc),
            ("uts", s.Uts),
            ("userns_mode", s.UsernsMode),
            ("runtime", s.Runtime),
            ("cgroup_parent", s.CgroupParent),
            ("mac_address", s.MacAddress),
            ("pids_limit", I(s.PidsLimit)),
            ("oom_kill_disable", B(s.OomKillDisable)),
            ("oom_score_adj", I(s.OomScoreAdj)),
            ("tmpfs", Strs(s.Tmpfs)),
            ("storage_opt", StrMap(s.StorageOpt)),
            ("post_start", List(s.PostStart, HookTree)),
            ("pre_stop", List(s.PreStop, HookTree)),
            ("isolation", s.Isolation),
            ("credential_spec", s.CredentialSpec is { } cs
                ? WithExtensions(NonEmpty(Obj(("config", cs.Config), ("file", cs.File), ("registry", cs.Registry))), cs.Extensions) ?? (object)new Plain("{}") : null),
            ("provider", s.Provider is { } pv ? WithExtensions(Obj(("type", pv.Type), ("options", Map(pv.Options, o => Strs(o)))), pv.Extensions) : null),
            ("pull_refresh_after", forHash ? null : s.PullRefreshAfter),
            ("models", Map(s.Models, m => m is null ? new Plain("null") : WithExtensions(NonEmpty(Obj(("endpoint_var", m.EndpointVariable), ("model_var", m.ModelVariable))), m.Extensions) ?? (object)new Plain("{}"))),
            // Watch rules change what `watch` does, never the container: a new rule recreates nothing.
            ("develop", forHash || s.Develop is null ? null : DevelopTree(s.Develop)));
        foreach (var (k, v) in s.Extensions) d[k] = Raw(v);
        return d;
    }

    private static SortedDictionary<string, object?>? Ulimits(IEnumerable<KeyValuePair<string, Ulimit>> ulimits) =>
        Map(ulimits, u => u.Single && u.Soft != 0 ? (object?)I(u.Soft) : Obj(("soft", I(u.Soft)), ("hard", I(u.Hard))));

    private static object DevelopTree(DevelopConfig d) => Obj(("watch", List(d.Watch, w => Obj(
        ("path", w.Path), ("action", WatchActions.Name(w.Action)), ("target", w.Target),
        ("ignore", Strs(w.Ignore)), ("include", Strs(w.Include)), ("initial_sync", B(w.InitialSync)),
        ("exec", w.Exec is { } x ? HookTree(x) : null)))));

    private static object HookTree(ServiceHook h) => WithExtensions(Obj(("command", Strs(h.Command)), ("user", h.User), ("privileged", B(h.Privileged)),
        ("working_dir", h.WorkingDir), ("environment", StrMap(h.Environment))), h.Extensions)!;

    /// <summary>docker compose's form: `required` shown only when false (true is the default it leaves out).</summary>
    private static object EnvFileTree(EnvFileReference f) =>
        Obj(("path", f.Path), ("required", f.Required ? null : B((bool?)false)), ("format", f.Format));

    /// <summary>compose-go's form: the target as written; a secret's default (/run/secrets/NAME) filled in, a config's left out.</summary>
    private static object FileRef(ServiceFileRef r, bool secret) =>
        Obj(("source", r.Source), ("target", r.WrittenTarget ?? (secret ? "/run/secrets/" + r.Source : null)), ("uid", r.Uid), ("gid", r.Gid), ("mode", Octal(r.Mode)));

    private static SortedDictionary<string, object?>? Update(UpdateConfig? u) => u is null ? null : NonEmpty(Obj(
        ("parallelism", I(u.Parallelism)), ("delay", T(u.Delay)), ("failure_action", u.FailureAction), ("monitor", T(u.Monitor)),
        ("max_failure_ratio", D(u.MaxFailureRatio)), ("order", u.Order)));

    private static SortedDictionary<string, object?>? Spec(ResourceSpec? r) => r is null ? null : NonEmpty(Obj(
        ("cpus", D(r.Cpus)), ("memory", I(r.Memory)), ("pids", I(r.Pids)), ("devices", List(r.Devices, DeviceRequestTree)),
        ("generic_resources", List(r.GenericResources, g => Obj(("discrete_resource_spec", Obj(("kind", g.Kind), ("value", I(g.Value)))))))));

    /// <summary>compose-go prints `count: all` as -1.</summary>
    private static object DeviceRequestTree(DeviceRequest r) => Obj(
        ("capabilities", Strs(r.Capabilities)), ("driver", r.Driver), ("count", I(r.Count)),
        ("device_ids", Strs(r.DeviceIds)), ("options", StrMap(r.Options)));

    /// <summary>compose-go's device entries have no yaml tags, so their keys are the Go field names lowercased: path, weight, rate.</summary>
    private static SortedDictionary<string, object?>? BlkioTree(BlkioConfig b) => NonEmpty(Obj(
        ("weight", I(b.Weight)),
        ("weight_device", List(b.WeightDevice, d => Obj(("path", d.Path), ("weight", I(d.Weight))))),
        ("device_read_bps", List(b.DeviceReadBps, Throttle)),
        ("device_read_iops", List(b.DeviceReadIops, Throttle)),
        ("device_write_bps", List(b.DeviceWriteBps, Throttle)),
        ("device_write_iops", List(b.DeviceWriteIops, Throttle))));

    private static object Throttle(BlkioThrottle t) => Obj(("path", t.Path), ("rate", I(t.Rate)));

    private static SortedDictionary<string, object?>? NonEmpty(SortedDictionary<string, object?> d) => d.Values.Any(v => v is not null) ? d : null;

    private static SortedDictionary<string, object?>? EmptyUnlessPrinted(SortedDictionary<string, object?> d, bool forHash) => forHash ? NonEmpty(d) : d;

    /// <summary>"" is a default left out by `config --no-normalize` (a resource's name, a build's dockerfile): not printed.</summary>
    private static string? Written(string value) => value.Length == 0 ? null : value;

    private static SortedDictionary<string, object?>? WithExtensions(SortedDictionary<string, object?>? d, IEnumerable<KeyValuePair<string, RawValue>> extensions)
    {
        foreach (var (k, v) in extensions) (d ??= Obj())[k] = Raw(v);
        return d;
    }

    private static object ModelTree(ModelConfig m) => WithExtensions(Obj(
        ("name", m.Name), ("model", m.Model), ("context_size", I(m.ContextSize)), ("runtime_flags", Strs(m.RuntimeFlags))), m.Extensions)!;

    private static object NetworkTree(NetworkConfig n) => Obj(
        ("name", Written(n.Name)), ("driver", n.Driver), ("driver_opts", StrMap(n.DriverOpts)), ("internal", B(n.Internal)),
        ("attachable", B(n.Attachable)), ("enable_ipv6", B(n.EnableIpv6)), ("enable_ipv4", B(n.EnableIpv4)), ("external", B(n.External)), ("labels", StrMap(n.Labels)),
        ("ipam", n.Ipam is { } i ? NonEmpty(Obj(("driver", i.Driver), ("options", StrMap(i.Options)),
            ("config", List(i.Config, c => Obj(("subnet", c.Subnet), ("ip_range", c.IpRange), ("gateway", c.Gateway), ("aux_addresses", StrMap(c.AuxAddresses))))))) : null));

    private static object VolumeTree(VolumeConfig v) => Obj(
        ("name", Written(v.Name)), ("driver", v.Driver), ("driver_opts", StrMap(v.DriverOpts)), ("external", B(v.External)), ("labels", StrMap(v.Labels)));

    private static object FileObjectTree(FileObjectConfig f) => Obj(
        ("name", Written(f.Name)), ("file", f.File), ("environment", f.Environment), ("content", f.Content), ("external", B(f.External)), ("labels", StrMap(f.Labels)),
        ("template_driver", f.TemplateDriver), ("driver", f.Driver), ("driver_opts", StrMap(f.DriverOpts)));

    // ---------- emitter ----------

    internal static string Emit(object tree)
    {
        var sb = new StringBuilder();
        EmitValue(sb, tree, 0, inSequence: false);
        return sb.ToString();
    }

    private static void EmitValue(StringBuilder sb, object? v, int indent, bool inSequence)
    {
        switch (v)
        {
            case SortedDictionary<string, object?> d:
            {
                var first = true;
                foreach (var (k, val) in d)
                {
                    if (val is null) continue;
                    if (!(first && inSequence)) sb.Append(' ', indent);
                    first = false;
                    sb.Append(Key(k)).Append(':');
                    WriteChild(sb, val, indent);
                }
                if (first) { sb.Append(inSequence ? "{}\n" : ""); }
                break;
            }
            case List<object?> l:
                foreach (var item in l)
                {
                    sb.Append(' ', indent).Append("- ");
                    if (item is SortedDictionary<string, object?> m && m.Values.Any(x => x is not null)) EmitValue(sb, m, indent + 2, inSequence: true);
                    else if (item is List<object?> { Count: > 0 } inner) { sb.Append('\n'); EmitValue(sb, inner, indent + 2, false); }
                    else sb.Append(Scalar(item)).Append('\n');
                }
                break;
            default:
                sb.Append(Scalar(v)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder sb, object val, int indent)
    {
        switch (val)
        {
            case SortedDictionary<string, object?> m when m.Values.Any(x => x is not null):
                sb.Append('\n');
                EmitValue(sb, m, indent + 2, false);
                break;
            case SortedDictionary<string, object?>:
                sb.Append(" {}\n");
                break;
            case List<object?> { Count: > 0 } l:
                sb.Append('\n');
                EmitValue(sb, l, indent + 2, false);
                break;
            case List<object?>:
                sb.Append(" []\n");
                break;
            default:
                sb.Append(' ').Append(Scalar(val)).Append('\n');
                break;
        }
    }

    private static string Key(string k) => NeedsQuotes(k) ? Quote(k) : k;

    private static string Scalar(object? v) => v switch
    {
        null => "null",
        Plain p => p.Text,
        SortedDictionary<string, object?> => "{}",
        List<object?> => "[]",
        string s => NeedsQuotes(s) ? Quote(s) : s,
        _ => Quote(v.ToString() ?? ""),
    };

    internal static bool NeedsQuotes(string s)
    {
        if (s.Length == 0) return true;
        if (ScalarNode.Infer(s) != ScalarType.String) return true;
        if (s is "yes" or "no" or "on" or "off" or "Yes" or "No" or "On" or "Off" or "YES" or "NO" or "ON" or "OFF" or "y" or "n" or "<<") return true;
        if (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) return true;
        // YAML 1.1 readers see 1000:1000 (sexagesimal), 1_000 or 1e3 as numbers.
        if ((char.IsAsciiDigit(s[0]) || s[0] is '+' or '.') && s.All(c => char.IsAsciiDigit(c) || c is ':' or '.' or '_' or '+' or '-' or 'e' or 'E')) return true;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0])) return true;
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':')) return true;
        foreach (var c in s) if (c < 0x20 || c == 0x7f || c is '\u0085' or '\u2028' or '\u2029' or '\ufeff' || char.IsSurrogate(c)) return true;
        return false;
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f || c is '\u0085' or '\u2028' or '\u2029' or '\ufeff' || char.IsSurrogate(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}

/// <summary>
/// The config hash of a service (label com.docker.compose.config-hash): sha256 of its canonical form without the
/// fields that must not force a recreate: scale / deploy.replicas, build, pull_policy, profiles, depends_on and
/// env_file paths (their values are already in environment).
/// </summary>
public static class ServiceHash
{
    public static string Compute(ServiceConfig service)
    {
        var text = CanonicalYaml.Emit(CanonicalYaml.ServiceTree(service, forHash: true));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
