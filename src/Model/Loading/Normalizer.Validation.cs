using System.Collections.Immutable;
using System.Globalization;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// The checks compose-go makes beyond the schema (its validation package, the decoders of its types and
/// loader.checkConsistency), each told at the node that is wrong. Two kinds: <see cref="CheckFile"/> looks at
/// one file's tree as written, because canonicalization erases what it checks (the list form of
/// `environment`, an empty watch path made absolute); the rest look at the merged model.
/// </summary>
internal sealed partial class Normalizer
{
    /// <summary>
    /// Per file, before canonicalization: extra_hosts entries (compose-go's HostsList decoder), listed
    /// environment and build args keys (MappingWithEquals), build.ssh and listed build.additional_contexts
    /// (transform/ssh.go, transform/mapping.go), external.name (transform/external.go) and develop.watch paths
    /// (validation.checkPath).
    /// </summary>
    public static void CheckFile(MappingNode root, List<Diagnostic> diags)
    {
        CheckExternalNames(root, diags);
        if (root["services"] is not MappingNode services) return;
        foreach (var svc in services.Entries)
        {
            if (svc.Value is not MappingNode m) continue;
            var path = "services." + svc.Name;
            CheckExtraHosts(m["extra_hosts"], path + ".extra_hosts", diags);
            CheckListedKeys(m["environment"], path + ".environment", diags);
            if (m["build"] is MappingNode build)
            {
                CheckExtraHosts(build["extra_hosts"], path + ".build.extra_hosts", diags);
                CheckListedKeys(build["args"], path + ".build.args", diags);
            }
            if (m["build"] is MappingNode b)
            {
                CheckSsh(b["ssh"], path + ".build.ssh", diags);
                CheckKeyValueList(b["additional_contexts"], path + ".build.additional_contexts", diags);
            }
            if ((m["develop"] as MappingNode)?["watch"] is SequenceNode watch)
                for (var i = 0; i < watch.Items.Length; i++)
                    if (watch.Items[i] is MappingNode rule && rule["path"] is ScalarNode { Value.Length: 0 } p)
                        N.Error(diags, p, N.Index(path + ".develop.watch", i) + ".path", "value can't be blank");
        }
    }

    /// <summary>
    /// transform/external.go: the deprecated `external: {name: X}` beside a different top-level `name`.
    /// </summary>
    private static void CheckExternalNames(MappingNode root, List<Diagnostic> diags)
    {
        foreach (var kind in (string[])["networks", "volumes", "secrets", "configs"])
        {
            if (root[kind] is not MappingNode items) continue;
            foreach (var e in items.Entries)
                if (e.Value is MappingNode m && (m["external"] as MappingNode)?["name"] is ScalarNode ext
                    && N.Text(m["name"]) is { } name && name != ext.Value)
                    N.Error(diags, ext, $"{kind}.{e.Name}", $"name '{name}' and external.name '{ext.Value}' conflict; only use name");
        }
    }

    /// <summary>transform/ssh.go: a listed build.ssh entry is `default` or id=path.</summary>
    private static void CheckSsh(Node? ssh, string path, List<Diagnostic> diags)
    {
        if (ssh is not SequenceNode list) return;
        for (var i = 0; i < list.Items.Length; i++)
            if (list.Items[i] is ScalarNode s && !s.Value.Contains('=') && s.Value != "default")
                N.Error(diags, s, N.Index(path, i), $"invalid ssh key '{s.Value}' (use default or id=path)");
    }

    /// <summary>transform/mapping.go transformKeyValue: every entry of the list form is key=value.</summary>
    private static void CheckKeyValueList(Node? entries, string path, List<Diagnostic> diags)
    {
        if (entries is not SequenceNode list) return;
        for (var i = 0; i < list.Items.Length; i++)
            if (list.Items[i] is ScalarNode s && !s.Value.Contains('='))
                N.Error(diags, s, N.Index(path, i), $"invalid value '{s.Value}', expected key=value");
    }

    /// <summary>
    /// The build rules of compose-go's checkConsistency, on the service's build as written (Composer's model does
    /// not keep these keys): a `service:X` additional context names a service that builds, build.platforms
    /// includes the service's platform, and every build secret is declared.
    /// </summary>
    private void CheckBuildReferences(ServiceConfig s, MappingNode node, string path,
        Dictionary<string, (ServiceConfig Svc, MappingNode Node)> all, ImmutableSortedDictionary<string, FileObjectConfig> secrets)
    {
        if (node["build"] is not MappingNode build) return;
        var bp = path + ".build";
        foreach (var (name, value, at) in KeyValues(build["additional_contexts"]))
        {
            if (!value.StartsWith("service:", StringComparison.Ordinal)) continue;
            var target = value["service:".Length..];
            if (!all.TryGetValue(target, out var t))
                Error(at, $"{bp}.additional_contexts.{name}", $"service '{s.Name}' declares unknown service '{target}' as additional context {name}");
            else if (t.Svc.Build is null)
                Error(at, $"{bp}.additional_contexts.{name}", $"service '{s.Name}' declares non-buildable service '{target}' as additional context {name}");
        }
        if (build["platforms"] is SequenceNode platforms && platforms.Items.Length > 0 && N.Text(node["platform"]) is { } platform
            && !platforms.Items.Any(p => N.Text(p) == platform))
            Error(platforms, bp + ".platforms", $"build.platforms must include the service's platform '{platform}'");
        if (build["secrets"] is SequenceNode used)
            for (var i = 0; i < used.Items.Length; i++)
            {
                var source = used.Items[i] is MappingNode m ? N.Text(m["source"]) : N.Text(used.Items[i]);
                if (source is not null && !secrets.ContainsKey(source))
                    Error(used.Items[i], N.Index(bp + ".secrets", i), $"service refers to undefined build secret '{source}'");
            }
    }

    /// <summary>A list_or_dict as (key, value, node), the list form split at its first '='.</summary>
    private static IEnumerable<(string Key, string Value, Node At)> KeyValues(Node? entries)
    {
        if (entries is MappingNode m)
            foreach (var e in m.Entries) yield return (e.Name, N.Text(e.Value) ?? "", e.Value);
        else if (entries is SequenceNode q)
            foreach (var i in q.Items)
                if (i is ScalarNode s && s.Value.IndexOf('=') is var eq and > 0) yield return (s.Value[..eq], s.Value[(eq + 1)..], s);
    }

    /// <summary>
    /// host:ip or host=ip in a list; a host name in either form, without ':' or '=' (the engine would split
    /// such a name elsewhere than the user meant).
    /// </summary>
    private static void CheckExtraHosts(Node? hosts, string path, List<Diagnostic> diags)
    {
        if (hosts is SequenceNode list)
        {
            for (var i = 0; i < list.Items.Length; i++)
            {
                if (list.Items[i] is not ScalarNode s) continue;
                var sep = s.Value.IndexOfAny(['=', ':']);
                // compose-go tries '=' before ':', so "h=::1" names host h.
                var eq = s.Value.IndexOf('=');
                if (eq >= 0) sep = eq;
                if (sep < 0) N.Error(diags, s, N.Index(path, i), $"invalid additional host '{s.Value}': missing IP (use host:ip or host=ip)");
                else if (sep == 0) N.Error(diags, s, N.Index(path, i), $"invalid additional host '{s.Value}': no host name");
            }
        }
        else if (hosts is MappingNode map)
        {
            foreach (var e in map.Entries)
                if (e.Name.Length == 0 || e.Name.IndexOfAny([':', '=']) >= 0)
                    N.Error(diags, e.Key, N.Child(path, e.Name), $"bad host name '{e.Name}'");
        }
    }

    /// <summary>
    /// "KEY =value" in a list is a key with a trailing space, which no program can read back; compose-go
    /// refuses it (the mapping form may quote any key it likes).
    /// </summary>
    private static void CheckListedKeys(Node? entries, string path, List<Diagnostic> diags)
    {
        if (entries is not SequenceNode list) return;
        for (var i = 0; i < list.Items.Length; i++)
        {
            if (list.Items[i] is not ScalarNode s) continue;
            var eq = s.Value.IndexOf('=');
            var key = eq < 0 ? s.Value : s.Value[..eq];
            if (key.Length > 0 && char.IsWhiteSpace(key[^1]))
                N.Error(diags, s, N.Index(path, i), $"variable '{key}' is declared with a trailing space");
        }
    }

    /// <summary>
    /// validation.checkExternal (compose-go runs it for volumes only): an external volume is created elsewhere,
    /// so only its name (and x- extensions) may be given.
    /// </summary>
    private void CheckExternalVolume(MappingNode m, string path)
    {
        if (!N.Truthy(m["external"])) return;
        foreach (var e in m.Entries)
            if (e.Name is not ("name" or "external") && !e.Name.StartsWith("x-", StringComparison.Ordinal))
                Error(e.Key, N.Child(path, e.Name), $"conflicting parameters \"external\" and \"{e.Name}\" specified");
    }

    /// <summary>
    /// validation.checkDeviceRequest (gpus and deploy.resources.reservations.devices): a request gives a count or
    /// device_ids, never both, since the engine would have to pick one. Keys count as given even when null, as
    /// in compose-go. Told at device_ids; false when refused.
    /// </summary>
    private bool CheckDeviceRequest(MappingNode request, string path)
    {
        if (request["count"] is null) return true;
        foreach (var e in request.Entries)
            if (e.Name == "device_ids")
            {
                Error(e.Key, path, "\"count\" and \"device_ids\" attributes are exclusive");
                return false;
            }
        return true;
    }

    /// <summary>
    /// The service rules of compose-go's checkConsistency that Composer's readers do not make themselves:
    /// one Dockerfile source, the short resource keys agreeing with deploy's, and no target mounted twice.
    /// </summary>
    private void CheckServiceSettings(ServiceConfig s, MappingNode node, string path)
    {
        if (node["build"] is MappingNode build && N.Text(build["dockerfile"]) is { Length: > 0 } && N.Text(build["dockerfile_inline"]) is { Length: > 0 })
            Error(build["dockerfile_inline"]!, path + ".build", "dockerfile and dockerfile_inline are mutually exclusive: give one");

        var deploy = node["deploy"] as MappingNode;
        if (node["scale"] is ScalarNode scale && N.Text(deploy?["replicas"]) is { } replicas && N.Text(scale) is { } scaleText
            && long.TryParse(scaleText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a)
            && long.TryParse(replicas, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b) && a != b)
            Error(scale, path + ".scale", $"can't set distinct values on 'scale' ({a}) and 'deploy.replicas' ({b})");

        // compose-go compares with the deploy section as soon as it has limits (reservations), a missing
        // value there counting as 0: `cpus: 1` beside limits that only set memory is refused too.
        var limits = s.Deploy?.Resources?.Limits;
        var reservations = s.Deploy?.Resources?.Reservations;
        if (s.Cpus is { } cpus and not 0 && limits is not null && (float)(limits.Cpus ?? 0) != (float)cpus)
            Disagree(node, "cpus", path, "deploy.resources.limits.cpus", Num(cpus), Num(limits.Cpus ?? 0));
        if (s.MemLimit is { } mem and not 0 && limits is not null && (limits.Memory ?? 0) != mem)
            Disagree(node, "mem_limit", path, "deploy.resources.limits.memory", Num(mem), Num(limits.Memory ?? 0));
        if (s.MemReservation is { } res and not 0 && reservations is not null && (reservations.Memory ?? 0) != res)
            Disagree(node, "mem_reservation", path, "deploy.resources.reservations.memory", Num(res), Num(reservations.Memory ?? 0));
        if (s.PidsLimit is { } pids and not 0 && limits is not null && (limits.Pids ?? 0) != pids)
            Disagree(node, "pids_limit", path, "deploy.resources.limits.pids", Num(pids), Num(limits.Pids ?? 0));

        CheckMountTargets(s, node, path);
    }

    private static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);

    private void Disagree(MappingNode node, string key, string path, string deployKey, string value, string deployValue) =>
        Error(node[key] ?? node, N.Child(path, key), $"can't set distinct values on '{key}' ({value}) and '{deployKey}' ({deployValue})");

    /// <summary>
    /// A tmpfs entry and a volume (or two tmpfs entries) on one target: the engine refuses the container only
    /// at create time. Volumes among themselves are checked where they are read.
    /// </summary>
    private void CheckMountTargets(ServiceConfig s, MappingNode node, string path)
    {
        var mounted = new Dictionary<string, string>(StringComparer.Ordinal);
        var tmpfsNode = node["tmpfs"] as SequenceNode;
        for (var i = 0; i < s.Tmpfs.Length; i++)
        {
            var target = s.Tmpfs[i].Split(':')[0];
            var at = N.Index(path + ".tmpfs", i);
            if (mounted.TryGetValue(target, out var first))
                Error(tmpfsNode is not null && i < tmpfsNode.Items.Length ? tmpfsNode.Items[i] : node, at, $"target {target} is already mounted by {first}");
            else mounted[target] = at;
        }
        var volNode = node["volumes"] as SequenceNode;
        for (var i = 0; i < s.Volumes.Length; i++)
            if (mounted.TryGetValue(s.Volumes[i].Target, out var first))
                Error(volNode is not null && i < volNode.Items.Length ? volNode.Items[i] : node, N.Index(path + ".volumes", i), $"target {s.Volumes[i].Target} is already mounted by {first}");
    }
}
