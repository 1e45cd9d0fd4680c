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
    /// environment and build args keys (MappingWithEquals) and develop.watch paths (validation.checkPath).
    /// </summary>
    public static void CheckFile(MappingNode root, List<Diagnostic> diags)
    {
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
            if ((m["develop"] as MappingNode)?["watch"] is SequenceNode watch)
                for (var i = 0; i < watch.Items.Length; i++)
                    if (watch.Items[i] is MappingNode rule && rule["path"] is ScalarNode { Value.Length: 0 } p)
                        N.Error(diags, p, N.Index(path + ".develop.watch", i) + ".path", "value can't be blank");
        }
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
