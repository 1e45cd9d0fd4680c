using System.Collections.Immutable;
using System.Globalization;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// Canonical merged tree -> typed <see cref="Project"/>, with the semantic checks that need the whole project.
/// <paramref name="options"/> says which of compose-go's steps run (normalization, env_file resolution,
/// consistency checks); <paramref name="onDisk"/> turns a host path of the model, perhaps left relative by
/// `--no-path-resolution`, into the file to look at.
/// </summary>
internal sealed partial class Normalizer(
    string projectName,
    string projectDir,
    IReadOnlyDictionary<string, string> env,
    Func<string, bool> exists,
    List<Diagnostic> diags,
    Func<string, bool, List<KeyValuePair<string, string?>>> parseEnvFile,
    ProjectOptions options,
    Func<string, string> onDisk)
{
    private static readonly ImmutableSortedDictionary<string, string> EmptyMap = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    private void Error(Node n, string path, string message) => N.Error(diags, n, path, message);

    public Project? Build(MappingNode model, IReadOnlyList<string> files, List<string> profiles)
    {
        var services = new List<(ServiceConfig Svc, MappingNode Node)>();
        if (model["services"] is MappingNode sm)
            foreach (var e in sm.Entries)
                if (e.Value is MappingNode svcNode)
                    services.Add((Service(e.Name, svcNode, "services." + e.Name), svcNode));
                else if (e.Value is ScalarNode { IsNull: true })
                    Error(e.Key, "services." + e.Name, "service has neither an image nor a build context specified");

        var networks = TopLevel(model, "networks", Network);
        var volumes = TopLevel(model, "volumes", Volume);
        var configs = TopLevel(model, "configs", (k, n, p) => FileObject(k, n, p, "configs"));
        var secrets = TopLevel(model, "secrets", (k, n, p) => FileObject(k, n, p, "secrets"));
        var models = TopLevel(model, "models", LanguageModel);

        // Profiles.
        bool Active(ServiceConfig s) => s.Profiles.IsEmpty || s.Profiles.Any(p => profiles.Contains(p) || profiles.Contains("*"));
        var all = services.ToDictionary(s => s.Svc.Name, s => s, StringComparer.Ordinal);

        // Default network: services without networks and network_mode join "default" (a normalization step).
        var usesDefault = false;
        for (var i = 0; i < services.Count && options.Normalize; i++)
        {
            var s = services[i].Svc;
            if (s.Networks.IsEmpty && s.NetworkMode is null)
            {
                s = s with { Networks = ImmutableSortedDictionary<string, ServiceNetwork>.Empty.WithComparers(StringComparer.Ordinal).Add("default", new ServiceNetwork()) };
                services[i] = (s, services[i].Node);
                all[s.Name] = services[i];
            }
            if (s.Networks.ContainsKey("default") && Active(s)) usesDefault = true;
        }
        if (usesDefault && !networks.ContainsKey("default"))
            networks = networks.Add("default", new NetworkConfig { Key = "default", Name = $"{projectName}_default" });

        if (options.CheckConsistency) CheckConsistency(services, all, Active, networks, volumes, configs, secrets, models);
        if (options.Normalize)
        {
            var names = all.Keys.ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < services.Count; i++)
                services[i] = (ServiceReferences.WithImplicitDependsOn(services[i].Svc, names), services[i].Node);
        }

        var ordinal = StringComparer.Ordinal;
        var extensions = model.Entries.Where(e => e.Name.StartsWith("x-", StringComparison.Ordinal))
            .ToImmutableSortedDictionary(e => e.Name, e => N.ToRaw(e.Value), ordinal);
        return new Project(
            projectName,
            projectDir,
            [.. files],
            services.Where(s => Active(s.Svc)).ToImmutableSortedDictionary(s => s.Svc.Name, s => s.Svc, ordinal),
            services.Where(s => !Active(s.Svc)).ToImmutableSortedDictionary(s => s.Svc.Name, s => s.Svc, ordinal),
            networks, volumes, configs, secrets, extensions)
        {
            Models = models,
            ActiveProfiles = [.. profiles.Distinct().Order(ordinal)],
            Environment = env.ToImmutableSortedDictionary(ordinal),
        };
    }

    /// <summary>
    /// compose-go's checkConsistency (skipped by `config --no-consistency`): every reference resolves (services,
    /// networks, volumes, configs, secrets, models), no dependency cycle, unique container names, and the
    /// watch rules make sense.
    /// </summary>
    private void CheckConsistency(List<(ServiceConfig Svc, MappingNode Node)> services,
        Dictionary<string, (ServiceConfig Svc, MappingNode Node)> all, Func<ServiceConfig, bool> isActive,
        ImmutableSortedDictionary<string, NetworkConfig> networks, ImmutableSortedDictionary<string, VolumeConfig> volumes,
        ImmutableSortedDictionary<string, FileObjectConfig> configs, ImmutableSortedDictionary<string, FileObjectConfig> secrets,
        ImmutableSortedDictionary<string, ModelConfig> models)
    {
        var containerNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (s, node) in services)
        {
            var path = "services." + s.Name;
            var active = isActive(s);
            CheckServiceSettings(s, node, path);
            // A provider service is run by its plugin, not from an image (compose-go's validate agrees).
            if (s.Image is null && s.Build is null && s.Provider is null)
                Error(node, path, "service has neither an image nor a build context specified");
            foreach (var (dep, d) in s.DependsOn)
                CheckRef(s, node, "depends_on", dep, active, d.Required, all, isActive);
            foreach (var reference in ServiceReferences.Of(s).Where(e => e.Kind != EdgeKind.DependsOn))
                CheckRef(s, node, ServiceReferences.Key(reference.Kind), reference.To, active, true, all, isActive);
            if (s.NetworkMode is not null && node["networks"] is { } nn)
                Error(nn, path + ".networks", "network_mode and networks cannot be combined");
            foreach (var net in s.Networks.Keys)
                if (!networks.ContainsKey(net) && net != "default")
                    Error(At(node, "networks", net), path + ".networks", $"service refers to undefined network '{net}'");
            var volNode = node["volumes"] as SequenceNode;
            for (var i = 0; i < s.Volumes.Length; i++)
                if (s.Volumes[i] is { Type: VolumeType.Volume, Source: { } src } && !volumes.ContainsKey(src))
                    Error(volNode is not null && i < volNode.Items.Length ? volNode.Items[i] : node, $"{path}.volumes", $"service refers to undefined volume '{src}'");
            foreach (var c in s.Configs)
                if (!configs.ContainsKey(c.Source)) Error(node["configs"] ?? node, path + ".configs", $"service refers to undefined config '{c.Source}'");
            foreach (var c in s.Secrets)
                if (!secrets.ContainsKey(c.Source)) Error(node["secrets"] ?? node, path + ".secrets", $"service refers to undefined secret '{c.Source}'");
            CheckBuildReferences(s, node, path, all, secrets);
            foreach (var used in s.Models.Keys)
                if (!models.ContainsKey(used)) Error(At(node, "models", used), path + ".models", $"service refers to undefined model '{used}'");
            if (s.ContainerName is { } cn)
            {
                var at = node["container_name"]!;
                if (containerNames.TryGetValue(cn, out var other))
                    Error(at, path + ".container_name", $"container name '{cn}' is already used by service '{other}'");
                else containerNames[cn] = s.Name;
                if (s.Scale > 1)
                    Error(at, path + ".container_name", $"a service with container_name '{cn}' cannot be scaled to {s.Scale} (container names must be unique)");
            }
        }

        CheckWatchRules(services);

        // Cycles (over all services: a cycle is a mistake even in a disabled profile).
        var edges = services.SelectMany(s => ServiceReferences.Of(s.Svc)).ToList();
        if (ServiceGraph.FindCycle(all.Keys, edges.Where(e => all.ContainsKey(e.To))) is { } cycle)
        {
            var first = all[cycle[0]].Node;
            var e = edges.First(x => x.From == cycle[0] && x.To == cycle[1]);
            var key = ServiceReferences.Key(e.Kind);
            Error(first[key] ?? first, $"services.{cycle[0]}.{key}", "dependency cycle: " + string.Join(" -> ", cycle));
        }
    }

    private static Node At(MappingNode svc, string key, string sub) =>
        svc[key] is MappingNode m && m.GetEntry(sub) is { } e ? e.Key : svc[key] ?? svc;

    private void CheckRef(ServiceConfig s, MappingNode node, string key, string target, bool active, bool required,
        Dictionary<string, (ServiceConfig Svc, MappingNode Node)> all, Func<ServiceConfig, bool> isActive)
    {
        var at = key == "depends_on" ? At(node, key, target) : node[key] ?? node;
        var path = $"services.{s.Name}.{key}";
        if (!all.TryGetValue(target, out var t))
        {
            if (required) Error(at, path, $"service '{s.Name}' depends on undefined service '{target}'");
            return;
        }
        if (active && required && !isActive(t.Svc))
            Error(at, path, $"service '{s.Name}' depends on service '{target}', which is disabled by its profiles ({string.Join(", ", t.Svc.Profiles)}); enable a profile or mark the dependency required: false");
    }

    private ImmutableSortedDictionary<string, T> TopLevel<T>(MappingNode model, string key, Func<string, Node, string, T?> build) where T : class
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        if (model[key] is MappingNode m)
            foreach (var e in m.Entries)
                if (build(e.Name, e.Value, $"{key}.{e.Name}") is { } v) b[e.Name] = v;
        return b.ToImmutable();
    }

    // ---------- readers ----------

    private static string? Str(MappingNode m, string key) => N.Text(m[key]);

    private bool? Bool(MappingNode m, string key, string path)
    {
        if (m[key] is not ScalarNode s || s.IsNull) return null;
        switch (s.Value.ToLowerInvariant())
        {
            case "true" or "yes" or "on" or "1": return true;
            case "false" or "no" or "off" or "0": return false;
            default:
                Error(s, N.Child(path, key), $"'{s.Value}' is not a boolean");
                return null;
        }
    }

    private long? Long(MappingNode m, string key, string path, long min = long.MinValue)
    {
        if (m[key] is not ScalarNode s || s.IsNull) return null;
        if (!long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            Error(s, N.Child(path, key), $"'{s.Value}' is not an integer");
            return null;
        }
        if (v < min) { Error(s, N.Child(path, key), $"must be >= {min}"); return null; }
        return v;
    }

    private int? Int(MappingNode m, string key, string path, int min = int.MinValue)
    {
        var v = Long(m, key, path, min);
        if (v is null) return null;
        if (v > int.MaxValue) { Error(m[key]!, N.Child(path, key), "number too large"); return null; }
        return (int)v;
    }

    private double? Double(MappingNode m, string key, string path)
    {
        if (m[key] is not ScalarNode s || s.IsNull) return null;
        if (!double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v) || double.IsInfinity(v) || v < 0)
        {
            Error(s, N.Child(path, key), $"'{s.Value}' is not a valid number");
            return null;
        }
        return v;
    }

    private long? Bytes(MappingNode m, string key, string path)
    {
        if (m[key] is not ScalarNode s || s.IsNull) return null;
        if (!Units.TryParseBytes(s.Value, out var v)) { Error(s, N.Child(path, key), $"'{s.Value}' is not a valid size (e.g. 512m, 1g)"); return null; }
        return v;
    }

    private TimeSpan? Duration(MappingNode m, string key, string path)
    {
        if (m[key] is not ScalarNode s || s.IsNull) return null;
        if (!Units.TryParseDuration(s.Value, out var v) || v < TimeSpan.Zero) { Error(s, N.Child(path, key), $"'{s.Value}' is not a valid duration (e.g. 30s, 1m30s, 500ms)"); return null; }
        return v;
    }

    private static ImmutableArray<string> List(MappingNode m, string key) => m[key] switch
    {
        SequenceNode q => [.. q.Items.OfType<ScalarNode>().Where(s => !s.IsNull).Select(s => s.Value)],
        ScalarNode { IsNull: false } s => [s.Value],
        _ => [],
    };

    private static ImmutableSortedDictionary<string, string> Dict(MappingNode m, string key)
    {
        if (m[key] is not MappingNode d) return EmptyMap;
        var b = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var e in d.Entries) b[e.Name] = N.Text(e.Value) ?? "";
        return b.ToImmutable();
    }

    private ImmutableArray<string>? Command(MappingNode m, string key, string path)
    {
        switch (m[key])
        {
            case SequenceNode q: return [.. q.Items.OfType<ScalarNode>().Select(s => s.Value)];
            case ScalarNode { IsNull: false } s:
                if (!ShellWords.TrySplit(s.Value, out var words, out var err)) { Error(s, N.Child(path, key), err!); return null; }
                return [.. words];
            default: return null;
        }
    }

    private static ImmutableSortedDictionary<string, RawValue> Extensions(MappingNode m) =>
        !HasExtensions(m) ? NoExtensions : m.Entries.Where(e => e.Name.StartsWith("x-", StringComparison.Ordinal)).ToImmutableSortedDictionary(e => e.Name, e => N.ToRaw(e.Value), StringComparer.Ordinal);

    private static readonly ImmutableSortedDictionary<string, RawValue> NoExtensions = ImmutableSortedDictionary<string, RawValue>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Whether any key is an x-* extension (most mappings have none: then no query is built for them).</summary>
    private static bool HasExtensions(MappingNode m)
    {
        foreach (var e in m.Entries) if (e.Name.StartsWith("x-", StringComparison.Ordinal)) return true;
        return false;
    }

    // ---------- services ----------

    private ServiceConfig Service(string name, MappingNode m, string path)
    {
        var restart = RestartPolicy.No;
        if (m["restart"] is ScalarNode { IsNull: false } rs)
        {
            if (RestartPolicy.TryParse(rs.Value) is { } rp) restart = rp;
            else Error(rs, path + ".restart", $"invalid restart policy '{rs.Value}': use no, always, unless-stopped, on-failure or on-failure:N");
        }
        var deploy = m["deploy"] is MappingNode dm ? Deploy(dm, path + ".deploy") : null;
        var scale = Int(m, "scale", path, 0);
        var pull = Str(m, "pull_policy");
        if (pull is not null && !(pull is "always" or "never" or "missing" or "if_not_present" or "build" or "daily" or "weekly" or "refresh" || EveryInterval(pull)))
            Error(m["pull_policy"]!, path + ".pull_policy", $"invalid pull policy '{pull}': use always, never, missing, build, daily, weekly or every_<duration>");

        var (environment, envFiles, unreadEnvFiles) = Environment(m, path);
        return new ServiceConfig
        {
            Name = name,
            Image = Str(m, "image"),
            Build = m["build"] is MappingNode bm ? Build(bm, path + ".build") : null,
            Command = Command(m, "command", path),
            Entrypoint = Command(m, "entrypoint", path),
            Environment = environment,
            EnvFiles = envFiles,
            UnreadEnvFiles = unreadEnvFiles,
            Labels = ServiceLabels(m, path),
            Annotations = Dict(m, "annotations"),
            Ports = Ports(m, path),
            Expose = List(m, "expose"),
            Volumes = Volumes(m, path),
            Networks = Networks(m, path),
            DependsOn = DependsOn(m, path),
            Links = [.. List(m, "links").Select(l => l.IndexOf(':') is var c and > 0 ? new Link(l[..c], l[(c + 1)..]) : new Link(l, l))],
            ExternalLinks = List(m, "external_links"),
            VolumesFrom = [.. List(m, "volumes_from").Select(v => v.StartsWith("service:", StringComparison.Ordinal) || v.StartsWith("container:", StringComparison.Ordinal) ? v : "service:" + v)],
            NetworkMode = Str(m, "network_mode"),
            Healthcheck = m["healthcheck"] is MappingNode hm ? Healthcheck(hm, path + ".healthcheck") : null,
            Restart = restart,
            RestartSet = m["restart"] is ScalarNode { IsNull: false },
            Deploy = deploy,
            Scale = scale ?? deploy?.Replicas ?? 1,
            ScaleSet = scale is not null,
            ContainerName = Str(m, "container_name"),
            Hostname = Str(m, "hostname"),
            DomainName = Str(m, "domainname"),
            WorkingDir = Str(m, "working_dir"),
            User = Str(m, "user"),
            Init = Bool(m, "init", path),
            Tty = Bool(m, "tty", path) ?? false,
            StdinOpen = Bool(m, "stdin_open", path) ?? false,
            CapAdd = List(m, "cap_add"),
            CapDrop = List(m, "cap_drop"),
            Privileged = Bool(m, "privileged", path) ?? false,
            ReadOnly = Bool(m, "read_only", path) ?? false,
            SecurityOpt = List(m, "security_opt"),
            Ulimits = Ulimits(m, path),
            Sysctls = Dict(m, "sysctls"),
            ExtraHosts = List(m, "extra_hosts"),
            Dns = List(m, "dns"),
            DnsSearch = List(m, "dns_search"),
            DnsOpt = List(m, "dns_opt"),
            ShmSize = Bytes(m, "shm_size", path),
            MemLimit = Bytes(m, "mem_limit", path),
            MemReservation = Bytes(m, "mem_reservation", path),
            Cpus = Double(m, "cpus", path),
            CpuShares = Long(m, "cpu_shares", path, 0),
            Cpuset = Str(m, "cpuset"),
            StopSignal = Str(m, "stop_signal"),
            StopGracePeriod = Duration(m, "stop_grace_period", path),
            Configs = FileRefs(m, "configs", path, s => "/" + s),
            Secrets = FileRefs(m, "secrets", path, s => "/run/secrets/" + s),
            Profiles = List(m, "profiles"),
            // compose-go's normalization spells the old name the new way.
            PullPolicy = options.Normalize && pull == "if_not_present" ? "missing" : pull,
            Platform = Str(m, "platform"),
            Logging = m["logging"] is MappingNode lm ? new LoggingConfig { Driver = Str(lm, "driver"), Options = Dict(lm, "options") } : null,
            Devices = Devices(m, path),
            GroupAdd = List(m, "group_add"),
            Pid = Str(m, "pid"),
            Ipc = Str(m, "ipc"),
            Uts = Str(m, "uts"),
            UsernsMode = Str(m, "userns_mode"),
            Runtime = Str(m, "runtime"),
            CgroupParent = Str(m, "cgroup_parent"),
            MacAddress = Str(m, "mac_address"),
            PidsLimit = Long(m, "pids_limit", path),
            OomKillDisable = Bool(m, "oom_kill_disable", path),
            OomScoreAdj = Int(m, "oom_score_adj", path, -1000),
            Tmpfs = List(m, "tmpfs"),
            StorageOpt = Dict(m, "storage_opt"),
            Models = ServiceModels(m),
            Develop = m["develop"] is MappingNode dv ? Develop(dv, path + ".develop") : null,
            Extensions = Extensions(m),
            Composer = ComposerBlock(m, path),
            // Read last, in this order, so errors come out as before (Normalizer.Resources.cs, Normalizer.Lifecycle.cs):
            // set here rather than by `with` copies of this ~130-field record.
            CpuPeriod = Long(m, "cpu_period", path, 0),
            CpuQuota = Long(m, "cpu_quota", path, -1),
            CpuRtPeriod = Microseconds(m, "cpu_rt_period", path),
            CpuRtRuntime = Microseconds(m, "cpu_rt_runtime", path),
            CpuCount = Long(m, "cpu_count", path, 0),
            CpuPercent = Percent(m, "cpu_percent", path),
            MemSwappiness = Percent(m, "mem_swappiness", path),
            MemswapLimit = SwapLimit(m, path),
            DeviceCgroupRules = List(m, "device_cgroup_rules"),
            Cgroup = CgroupMode(m, path),
            BlkioConfig = m["blkio_config"] is MappingNode b ? Blkio(b, path + ".blkio_config") : null,
            Gpus = Gpus(m, path),
            Attach = Bool(m, "attach", path),
            UseApiSocket = Bool(m, "use_api_socket", path) ?? false,
            PostStart = Hooks(m, "post_start", path),
            PreStop = Hooks(m, "pre_stop", path),
            Isolation = Str(m, "isolation"),
            CredentialSpec = m["credential_spec"] is MappingNode cs ? CredentialSpec(cs, KeyOf(m, "credential_spec")) : null,
            Provider = m["provider"] is MappingNode pm ? Provider(pm, KeyOf(m, "provider")) : null,
            PullRefreshAfter = PullRefreshAfter(m, path),
        };
    }

    /// <summary>every_&lt;Go duration&gt; (every_12h, every_1w2d): a window that cannot be read would silently mean "pull every time".</summary>
    private static bool EveryInterval(string policy) =>
        policy.StartsWith("every_", StringComparison.Ordinal) && Units.TryParseRefreshWindow(policy["every_".Length..], out _);

    private (ImmutableSortedDictionary<string, string?>, ImmutableArray<string>, ImmutableArray<EnvFileReference>) Environment(MappingNode m, string path)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        var files = ImmutableArray.CreateBuilder<string>();
        var unread = ImmutableArray.CreateBuilder<EnvFileReference>();
        if (m["env_file"] is SequenceNode ef)
        {
            for (var i = 0; i < ef.Items.Length; i++)
            {
                if (ef.Items[i] is not MappingNode f || Str(f, "path") is not { } p) continue;
                var required = Bool(f, "required", path) ?? true;
                var format = Str(f, "format");
                // --no-env-resolution: the files are named, not read (nor required to exist).
                if (!options.ResolveEnvironment) { unread.Add(new EnvFileReference(p, required, format)); continue; }
                if (!exists(onDisk(p)))
                {
                    if (required) Error(f["path"] ?? f, $"{path}.env_file[{i}]", $"env file {p} {InputFiles.WhyMissing(onDisk(p))}");
                    continue;
                }
                // compose-go's ParseWithFormat knows ".env" (the default) and what docker compose registers: "raw".
                if (format is not (null or "" or ".env" or "raw"))
                {
                    Error(f["format"]!, $"{path}.env_file[{i}].format", $"unsupported env_file format \"{format}\" (use raw, or leave it out for the dotenv format)");
                    continue;
                }
                files.Add(p);
                foreach (var (k, v) in parseEnvFile(onDisk(p), format == "raw")) b[k] = v;
            }
        }
        // A valueless entry takes its value from the environment; compose-go does that in normalization
        // and again when it resolves env files, so only skipping both leaves it unset.
        var fillValueless = options.Normalize || options.ResolveEnvironment;
        if (m["environment"] is MappingNode em)
            foreach (var e in em.Entries)
                b[e.Name] = e.Value is ScalarNode { IsNull: true } ? (fillValueless && env.TryGetValue(e.Name, out var v) ? v : null) : N.Text(e.Value) ?? "";
        return (b.ToImmutable(), files.ToImmutable(), unread.ToImmutable());
    }

    private BuildConfig Build(MappingNode m, string path)
    {
        var args = ImmutableSortedDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        if (m["args"] is MappingNode am)
            foreach (var e in am.Entries)
                args[e.Name] = e.Value is ScalarNode { IsNull: true } ? (options.Normalize && env.TryGetValue(e.Name, out var v) ? v : null) : N.Text(e.Value) ?? "";
        return new BuildConfig
        {
            Context = Str(m, "context") ?? projectDir,
            // compose-go's normalization names the default Dockerfile only when there is no inline one.
            Dockerfile = Str(m, "dockerfile") ?? (options.Normalize && m["dockerfile_inline"] is null ? "Dockerfile" : ""),
            DockerfileInline = Str(m, "dockerfile_inline"),
            Args = args.ToImmutable(),
            Target = Str(m, "target"),
            Labels = Dict(m, "labels"),
            Network = Str(m, "network"),
            CacheFrom = List(m, "cache_from"),
            Tags = List(m, "tags"),
            NoCache = Bool(m, "no_cache", path) ?? false,
            Pull = Bool(m, "pull", path) ?? false,
            ShmSize = Bytes(m, "shm_size", path),
            ExtraHosts = List(m, "extra_hosts"),
            Isolation = Str(m, "isolation"),
            Ulimits = Ulimits(m, path),
            Platforms = List(m, "platforms"),
            AdditionalContexts = Dict(m, "additional_contexts"),
            CacheTo = List(m, "cache_to"),
            Entitlements = List(m, "entitlements"),
            Privileged = Bool(m, "privileged", path) ?? false,
            Provenance = Str(m, "provenance"),
            Sbom = Str(m, "sbom"),
            Secrets = FileRefs(m, "secrets", path, s => "/run/secrets/" + s),
            Ssh = m["ssh"] is MappingNode sm
                ? sm.Entries.ToImmutableSortedDictionary(e => e.Name, e => e.Value is ScalarNode { IsNull: true } ? null : N.Text(e.Value), StringComparer.Ordinal)
                : ImmutableSortedDictionary<string, string?>.Empty,
            Positions = m.Entries.Where(e => !e.Name.StartsWith("x-", StringComparison.Ordinal))
                .ToImmutableSortedDictionary(e => e.Name, e => new SourcePosition(e.Key.Mark.File, e.Key.Mark.Line, e.Key.Mark.Column), StringComparer.Ordinal),
        };
    }

    private ImmutableArray<PortConfig> Ports(MappingNode m, string path)
    {
        if (m["ports"] is not SequenceNode q) return [];
        var b = ImmutableArray.CreateBuilder<PortConfig>();
        for (var i = 0; i < q.Items.Length; i++)
        {
            if (q.Items[i] is not MappingNode p) continue;
            var pp = N.Index(path + ".ports", i);
            var protocol = (Str(p, "protocol") ?? "tcp").ToLowerInvariant();
            if (protocol is not ("tcp" or "udp" or "sctp")) { Error(p["protocol"]!, pp + ".protocol", $"invalid protocol '{protocol}' (tcp, udp or sctp)"); continue; }
            var mode = Str(p, "mode") ?? "ingress";
            if (mode is not ("host" or "ingress")) { Error(p["mode"]!, pp + ".mode", $"invalid port mode '{mode}' (host or ingress)"); continue; }
            if (!int.TryParse(Str(p, "target"), NumberStyles.None, CultureInfo.InvariantCulture, out var target)) continue;
            var hostIp = Str(p, "host_ip");
            if (hostIp is not null && !System.Net.IPAddress.TryParse(hostIp, out _)) { Error(p["host_ip"]!, pp + ".host_ip", $"invalid host IP '{hostIp}'"); continue; }
            b.Add(new PortConfig
            {
                Target = target,
                Published = Str(p, "published") is { Length: > 0 } pub ? pub : null,
                HostIp = hostIp,
                Protocol = protocol,
                Mode = mode == "host" ? PortMode.Host : PortMode.Ingress,
                Name = Str(p, "name"),
                AppProtocol = Str(p, "app_protocol"),
            });
        }
        return b.ToImmutable();
    }

    private ImmutableArray<ServiceVolume> Volumes(MappingNode m, string path)
    {
        if (m["volumes"] is not SequenceNode q) return [];
        var b = ImmutableArray.CreateBuilder<ServiceVolume>();
        var targets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < q.Items.Length; i++)
        {
            if (q.Items[i] is not MappingNode v) continue;
            var vp = N.Index(path + ".volumes", i);
            VolumeType type;
            switch (Str(v, "type"))
            {
                case "bind": type = VolumeType.Bind; break;
                case "volume": type = VolumeType.Volume; break;
                case "tmpfs": type = VolumeType.Tmpfs; break;
                case "npipe": type = VolumeType.Npipe; break;
                case "cluster": type = VolumeType.Cluster; break;
                case "image": type = VolumeType.Image; break;
                default: Error(v, vp, "invalid volume type"); continue;
            }
            var target = Str(v, "target") ?? "";
            if (!targets.Add(target)) { Error(v, vp, $"duplicate mount target '{target}'"); continue; }
            var bind = v["bind"] as MappingNode;
            var vol = v["volume"] as MappingNode;
            var tmpfs = v["tmpfs"] as MappingNode;
            var source = Str(v, "source");
            if (type == VolumeType.Tmpfs && source is not null) { Error(v["source"]!, vp + ".source", "a tmpfs mount has no source"); continue; }
            var selinux = bind is null ? null : Str(bind, "selinux");
            if (selinux is not (null or "z" or "Z")) { Error(bind!["selinux"]!, vp + ".bind.selinux", $"invalid selinux label '{selinux}' (z or Z)"); continue; }
            b.Add(new ServiceVolume
            {
                Type = type,
                Source = source,
                Target = target,
                ReadOnly = Bool(v, "read_only", vp) ?? false,
                Consistency = Str(v, "consistency"),
                // compose-go keeps `bind` on any mount type (a named volume's selinux label is used, see Syntax.TryParseVolume).
                Bind = type == VolumeType.Bind || bind is not null
                    ? new BindOptions
                    {
                        Propagation = bind is null ? null : Str(bind, "propagation"),
                        // transform/volume.go defaultVolumeBind: a `bind` block without create_host_path means true.
                        CreateHostPath = bind is null ? null : Bool(bind, "create_host_path", vp + ".bind") ?? true,
                        SELinux = selinux,
                        Recursive = bind is null ? null : Str(bind, "recursive"),
                    }
                    : null,
                Volume = vol is null ? null : new VolumeOptions
                {
                    NoCopy = Bool(vol, "nocopy", vp + ".volume") ?? false, Subpath = Str(vol, "subpath"),
                    Labels = vol["labels"] is SequenceNode ll ? Dict(vol.With("labels", Canonicalize.ListToMap(ll, vp + ".volume.labels")), "labels") : Dict(vol, "labels"),
                },
                Tmpfs = tmpfs is null ? null : new TmpfsOptions { Size = Bytes(tmpfs, "size", vp + ".tmpfs"), Mode = Mode(tmpfs, "mode", vp + ".tmpfs", alwaysOctal: true) },
                Image = v["image"] is MappingNode image ? new ImageMountOptions { Subpath = Str(image, "subpath") } : null,
                DeclaredAt = new SourcePosition(v.Mark.File, v.Mark.Line, v.Mark.Column),
            });
        }
        return b.ToImmutable();
    }

    private int? Mode(MappingNode m, string key, string path, bool alwaysOctal = false)
    {
        if (Str(m, key) is not { } s) return null;
        // compose-go's FileMode: a string is octal ("440" is 0440); a YAML integer is read as written, where a
        // leading 0 or 0o makes it octal (go-yaml parses integers with base 0).
        var isString = m[key] is ScalarNode { Type: ScalarType.String };
        try
        {
            if (s.StartsWith("0o", StringComparison.Ordinal)) return System.Convert.ToInt32(s[2..], 8);
            if ((s.Length > 1 && s[0] == '0') || alwaysOctal || isString) return System.Convert.ToInt32(s, 8);
            return int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            Error(m[key]!, N.Child(path, key), $"invalid file mode '{s}'");
            return null;
        }
    }

    private ImmutableSortedDictionary<string, ServiceNetwork> Networks(MappingNode m, string path)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, ServiceNetwork>(StringComparer.Ordinal);
        if (m["networks"] is not MappingNode q) return b.ToImmutable();
        foreach (var e in q.Entries)
        {
            if (e.Value is MappingNode n)
            {
                var np = $"{path}.networks.{e.Name}";
                var prio = n["priority"] is ScalarNode ps && double.TryParse(ps.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var pv) ? (int)pv : 0;
                b[e.Name] = new ServiceNetwork
                {
                    Aliases = List(n, "aliases"),
                    Ipv4Address = Str(n, "ipv4_address"),
                    Ipv6Address = Str(n, "ipv6_address"),
                    Priority = prio,
                    MacAddress = Str(n, "mac_address"),
                    LinkLocalIps = List(n, "link_local_ips"),
                    DriverOpts = Dict(n, "driver_opts"),
                    InterfaceName = Str(n, "interface_name"),
                    GwPriority = Int(n, "gw_priority", np, int.MinValue),
                    GwPriorityAt = n.GetEntry("gw_priority") is { } gp ? new SourcePosition(gp.Key.Mark.File, gp.Key.Mark.Line, gp.Key.Mark.Column) : null,
                };
                if (Str(n, "ipv4_address") is { } ip && !System.Net.IPAddress.TryParse(ip, out _))
                    Error(n["ipv4_address"]!, np + ".ipv4_address", $"invalid IPv4 address '{ip}'");
            }
            else b[e.Name] = new ServiceNetwork();
        }
        return b.ToImmutable();
    }

    private ImmutableSortedDictionary<string, Dependency> DependsOn(MappingNode m, string path)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, Dependency>(StringComparer.Ordinal);
        if (m["depends_on"] is not MappingNode q) return b.ToImmutable();
        foreach (var e in q.Entries)
        {
            var d = e.Value as MappingNode ?? MappingNode.Empty(e.Value.Mark);
            var dp = $"{path}.depends_on.{e.Name}";
            var cond = DependencyConditions.Parse(Str(d, "condition"));
            b[e.Name] = new Dependency(cond, Bool(d, "restart", dp) ?? false, Bool(d, "required", dp) ?? true);
        }
        return b.ToImmutable();
    }

    private HealthcheckConfig Healthcheck(MappingNode m, string path)
    {
        var test = m["test"] switch
        {
            SequenceNode q => [.. q.Items.OfType<ScalarNode>().Select(s => s.Value)],
            ScalarNode { IsNull: false } s => s.Value == "NONE" ? ["NONE"] : ImmutableArray.Create("CMD-SHELL", s.Value),
            _ => ImmutableArray<string>.Empty,
        };
        if (!test.IsEmpty && test[0] is not ("CMD" or "CMD-SHELL" or "NONE"))
            Error(m["test"]!, path + ".test", $"a healthcheck test list must start with CMD, CMD-SHELL or NONE, not '{test[0]}'");
        var disable = Bool(m, "disable", path) ?? false;
        return new HealthcheckConfig
        {
            // As written, as compose-go keeps them: IsDisabled says whether a check runs.
            Test = test,
            Interval = Duration(m, "interval", path),
            Timeout = Duration(m, "timeout", path),
            StartPeriod = Duration(m, "start_period", path),
            StartInterval = Duration(m, "start_interval", path),
            Retries = Int(m, "retries", path, 0),
            Disable = disable,
        };
    }

    private DeployConfig Deploy(MappingNode m, string path)
    {
        ResourceSpec? Spec(MappingNode? r, string p) => r is null ? null : new ResourceSpec
        {
            Cpus = Double(r, "cpus", p),
            Memory = Bytes(r, "memory", p),
            Pids = Long(r, "pids", p),
            Devices = DeviceRequests(r, "devices", p),
            GenericResources = r["generic_resources"] is SequenceNode gr
                ? [.. gr.Items.Select((g, i) => g is MappingNode gm && gm["discrete_resource_spec"] is MappingNode d
                    ? new DiscreteResource(Str(d, "kind") ?? "", Long(d, "value", N.Index(p + ".generic_resources", i) + ".discrete_resource_spec") ?? 0) : null).OfType<DiscreteResource>()]
                : [],
        };
        UpdateConfig? Update(MappingNode? u, string p) => u is null ? null : new UpdateConfig
        {
            Parallelism = Int(u, "parallelism", p, 0),
            Delay = Duration(u, "delay", p),
            FailureAction = Str(u, "failure_action"),
            Monitor = Duration(u, "monitor", p),
            MaxFailureRatio = Double(u, "max_failure_ratio", p),
            Order = Str(u, "order"),
        };
        var res = m["resources"] as MappingNode;
        var rp = m["restart_policy"] as MappingNode;
        var mode = Str(m, "mode");
        if (mode is not (null or "replicated" or "global" or "replicated-job" or "global-job"))
            Error(m["mode"]!, path + ".mode", $"invalid deploy mode '{mode}' (replicated or global)");
        var cond = rp is null ? null : Str(rp, "condition");
        if (cond is not (null or "none" or "on-failure" or "any"))
            Error(rp!["condition"]!, path + ".restart_policy.condition", $"invalid restart condition '{cond}' (none, on-failure or any)");
        return new DeployConfig
        {
            Mode = mode,
            Replicas = Int(m, "replicas", path, 0),
            Labels = Dict(m, "labels"),
            UpdateConfig = Update(m["update_config"] as MappingNode, path + ".update_config"),
            RollbackConfig = Update(m["rollback_config"] as MappingNode, path + ".rollback_config"),
            Resources = res is null ? null : new ResourcesConfig
            {
                Limits = Spec(res["limits"] as MappingNode, path + ".resources.limits"),
                Reservations = Spec(res["reservations"] as MappingNode, path + ".resources.reservations"),
            },
            RestartPolicy = rp is null ? null : new DeployRestartPolicy
            {
                Condition = cond,
                Delay = Duration(rp, "delay", path + ".restart_policy"),
                MaxAttempts = Int(rp, "max_attempts", path + ".restart_policy", 0),
                Window = Duration(rp, "window", path + ".restart_policy"),
            },
            PlacementConstraints = m["placement"] is MappingNode pl ? List(pl, "constraints") : [],
            PlacementPreferences = m["placement"] is MappingNode pp && pp["preferences"] is SequenceNode prefs
                ? [.. prefs.Items.OfType<MappingNode>().Select(p => Str(p, "spread")).OfType<string>()] : [],
            MaxReplicasPerNode = m["placement"] is MappingNode pl2 ? Int(pl2, "max_replicas_per_node", path + ".placement", 0) : null,
            EndpointMode = Str(m, "endpoint_mode"),
        };
    }

    private ImmutableSortedDictionary<string, Ulimit> Ulimits(MappingNode m, string path)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, Ulimit>(StringComparer.Ordinal);
        if (m["ulimits"] is not MappingNode q) return b.ToImmutable();
        foreach (var e in q.Entries)
        {
            // A single number is soft and hard at once; the model remembers the form, as compose-go prints it back.
            if (e.Value is ScalarNode && Long(q, e.Name, path + ".ulimits") is { } single)
            {
                b[e.Name] = new Ulimit(single, single) { Single = true };
                continue;
            }
            if (e.Value is not MappingNode u) continue;
            var up = $"{path}.ulimits.{e.Name}";
            var soft = Long(u, "soft", up);
            var hard = Long(u, "hard", up);
            if (soft is null || hard is null) continue;
            if (soft > hard) Error(u, up, $"soft limit {soft} is greater than hard limit {hard}");
            b[e.Name] = new Ulimit(soft.Value, hard.Value);
        }
        return b.ToImmutable();
    }

    private ImmutableArray<ServiceFileRef> FileRefs(MappingNode m, string key, string path, Func<string, string> defaultTarget)
    {
        if (m[key] is not SequenceNode q) return [];
        var b = ImmutableArray.CreateBuilder<ServiceFileRef>();
        for (var i = 0; i < q.Items.Length; i++)
        {
            if (q.Items[i] is not MappingNode r || Str(r, "source") is not { } src) continue;
            var written = Str(r, "target");
            var target = written ?? defaultTarget(src);
            if (!target.StartsWith('/')) target = key == "secrets" ? "/run/secrets/" + target : "/" + target;
            b.Add(new ServiceFileRef { Source = src, Target = target, WrittenTarget = written, Uid = Str(r, "uid"), Gid = Str(r, "gid"), Mode = Mode(r, "mode", N.Index($"{path}.{key}", i)) });
        }
        return b.ToImmutable();
    }

    private ImmutableArray<DeviceMapping> Devices(MappingNode m, string path)
    {
        if (m["devices"] is not SequenceNode q) return [];
        var b = ImmutableArray.CreateBuilder<DeviceMapping>();
        for (var i = 0; i < q.Items.Length; i++)
        {
            switch (q.Items[i])
            {
                case ScalarNode s:
                    var parts = s.Value.Split(':');
                    if (parts.Length > 3 || parts[0].Length == 0) { Error(s, N.Index(path + ".devices", i), $"invalid device '{s.Value}'"); continue; }
                    b.Add(new DeviceMapping(parts[0], parts.Length > 1 ? parts[1] : parts[0], parts.Length > 2 ? parts[2] : "rwm"));
                    break;
                case MappingNode d when Str(d, "source") is { } src:
                    b.Add(new DeviceMapping(src, Str(d, "target") ?? src, Str(d, "permissions") ?? "rwm"));
                    break;
            }
        }
        return b.ToImmutable();
    }

    // ---------- top-level ----------

    /// <summary>
    /// `name:`, else (normalization) the key when external, else &lt;project&gt;_&lt;key&gt;. Without normalization
    /// a resource has only the name written, "" for none (so `config --no-normalize` prints no `name:`).
    /// </summary>
    private string EngineName(string key, MappingNode m, bool external) =>
        Str(m, "name") ?? (!options.Normalize ? "" : external ? key : $"{projectName}_{key}");

    private NetworkConfig? Network(string key, Node n, string path)
    {
        var m = n as MappingNode ?? MappingNode.Empty(n.Mark);
        var external = Bool(m, "external", path) ?? false;
        IpamConfig? ipam = null;
        if (m["ipam"] is MappingNode im)
        {
            var pools = ImmutableArray.CreateBuilder<IpamPool>();
            if (im["config"] is SequenceNode cs)
                foreach (var c in cs.Items.OfType<MappingNode>())
                {
                    if (Str(c, "subnet") is { } sub && !IsCidr(sub)) Error(c["subnet"]!, path + ".ipam.config", $"invalid subnet '{sub}'");
                    pools.Add(new IpamPool { Subnet = Str(c, "subnet"), IpRange = Str(c, "ip_range"), Gateway = Str(c, "gateway"), AuxAddresses = Dict(c, "aux_addresses") });
                }
            ipam = new IpamConfig { Driver = Str(im, "driver"), Config = pools.ToImmutable(), Options = Dict(im, "options") };
        }
        return new NetworkConfig
        {
            Key = key,
            Name = EngineName(key, m, external),
            Driver = Str(m, "driver"),
            DriverOpts = Dict(m, "driver_opts"),
            Internal = Bool(m, "internal", path) ?? false,
            Attachable = Bool(m, "attachable", path) ?? false,
            EnableIpv6 = Bool(m, "enable_ipv6", path),
            EnableIpv4 = Bool(m, "enable_ipv4", path),
            EnableIpv4At = m.GetEntry("enable_ipv4") is { } e4 ? new SourcePosition(e4.Key.Mark.File, e4.Key.Mark.Line, e4.Key.Mark.Column) : null,
            External = external,
            Labels = Dict(m, "labels"),
            Ipam = ipam,
        };
    }

    private static bool IsCidr(string s)
    {
        var slash = s.IndexOf('/');
        return slash > 0 && System.Net.IPAddress.TryParse(s[..slash], out var ip)
            && int.TryParse(s[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
            && bits <= (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32);
    }

    private VolumeConfig? Volume(string key, Node n, string path)
    {
        var m = n as MappingNode ?? MappingNode.Empty(n.Mark);
        var external = Bool(m, "external", path) ?? false;
        CheckExternalVolume(m, path);
        return new VolumeConfig
        {
            Key = key,
            Name = EngineName(key, m, external),
            Driver = Str(m, "driver"),
            DriverOpts = Dict(m, "driver_opts"),
            External = external,
            Labels = Dict(m, "labels"),
        };
    }

    /// <summary>A config or secret has one source, and it exists (a consistency check).</summary>
    private void CheckSource(MappingNode m, string path, string kind, bool external)
    {
        var file = Str(m, "file");
        var envName = Str(m, "environment");
        var count = (file is null ? 0 : 1) + (envName is null ? 0 : 1) + (Str(m, "content") is null ? 0 : 1) + (external ? 1 : 0);
        if (count != 1)
            Error(m, path, $"a {kind[..^1]} needs exactly one of file, environment, content or external");
        if (file is not null && !exists(onDisk(file)) && !Directory.Exists(onDisk(file)))
            Error(m["file"]!, path + ".file", $"file {file} not found");
        if (envName is not null && !env.ContainsKey(envName))
            Error(m["environment"]!, path + ".environment", $"environment variable {envName} is not set");
    }

    private FileObjectConfig? FileObject(string key, Node n, string path, string kind)
    {
        var m = n as MappingNode ?? MappingNode.Empty(n.Mark);
        var external = Bool(m, "external", path) ?? false;
        var file = Str(m, "file");
        var envName = Str(m, "environment");
        var content = Str(m, "content");
        if (options.CheckConsistency) CheckSource(m, path, kind, external);
        return new FileObjectConfig
        {
            Key = key,
            Name = EngineName(key, m, external),
            File = file,
            Environment = envName,
            Content = content,
            External = external,
            Labels = Dict(m, "labels"),
            TemplateDriver = Str(m, "template_driver"),
            Driver = Str(m, "driver"),
            DriverOpts = Dict(m, "driver_opts"),
        };
    }
}
