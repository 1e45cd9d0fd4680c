using System.Collections.Immutable;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// The keys docker compose hands to the engine or acts on (cgroup resources, device requests, attach,
/// use_api_socket): read here so that none is accepted and then lost, each bad value reported at its position.
/// </summary>
internal sealed partial class Normalizer
{
    /// <summary>`gpus: all` is one request for every GPU; a list holds requests like reservations.devices.</summary>
    private ImmutableArray<DeviceRequest> Gpus(MappingNode m, string path) => m["gpus"] switch
    {
        ScalarNode { IsNull: false, Value: "all" } => [new DeviceRequest { Count = -1 }],
        ScalarNode { IsNull: false } s => Refused(s, path + ".gpus", $"invalid gpus '{s.Value}' (all, or a list of device requests)"),
        SequenceNode => DeviceRequests(m, "gpus", path),
        _ => [],
    };

    private ImmutableArray<DeviceRequest> Refused(Node n, string path, string message)
    {
        Error(n, path, message);
        return [];
    }

    /// <summary>
    /// Device requests; as compose-go, one naming neither a count nor device_ids asks for all devices.
    /// `count` is a number or `all` (-1).
    /// </summary>
    private ImmutableArray<DeviceRequest> DeviceRequests(MappingNode m, string key, string path)
    {
        if (m[key] is not SequenceNode q) return [];
        var b = ImmutableArray.CreateBuilder<DeviceRequest>();
        for (var i = 0; i < q.Items.Length; i++)
        {
            if (q.Items[i] is not MappingNode d) continue;
            var p = N.Index($"{path}.{key}", i);
            if (!CheckDeviceRequest(d, p)) continue;
            long? count = null;
            if (d["count"] is ScalarNode { IsNull: false } c)
            {
                if (c.Value.Equals("all", StringComparison.OrdinalIgnoreCase)) count = -1;
                // -1 is how `config` prints `all`, so the printed file loads back (compose-go parses it as a number too).
                else if (long.TryParse(c.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= -1) count = n;
                else { Error(c, p + ".count", $"invalid count '{c.Value}' (a number or all)"); continue; }
            }
            var ids = List(d, "device_ids");
            b.Add(new DeviceRequest
            {
                Capabilities = List(d, "capabilities"),
                Driver = Str(d, "driver"),
                Count = count ?? (ids.IsEmpty ? -1 : null),
                DeviceIds = ids,
                Options = d["options"] is SequenceNode opts ? KeyValues(opts) : Dict(d, "options"),
            });
        }
        return b.ToImmutable();
    }

    /// <summary>list_or_dict in list form ("key=value"), for maps the canonical pass does not reach.</summary>
    private static ImmutableSortedDictionary<string, string> KeyValues(SequenceNode q)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var item in q.Items.OfType<ScalarNode>().Where(s => !s.IsNull))
            b[item.Value.Split('=', 2)[0]] = item.Value.Contains('=') ? item.Value.Split('=', 2)[1] : "";
        return b.ToImmutable();
    }

    /// <summary>compose-go stores these as integers (microseconds); a duration (10ms) is read the way the schema describes it.</summary>
    private long? Microseconds(MappingNode m, string key, string path)
    {
        if (m[key] is not ScalarNode s || s.IsNull) return null;
        if (long.TryParse(s.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var us) && us >= 0) return us;
        if (Units.TryParseDuration(s.Value, out var d) && d >= TimeSpan.Zero) return d.Ticks / TimeSpan.TicksPerMicrosecond;
        Error(s, N.Child(path, key), $"'{s.Value}' is not a number of microseconds or a duration (e.g. 1000000, 950ms)");
        return null;
    }

    private long? Percent(MappingNode m, string key, string path)
    {
        var v = Long(m, key, path, 0);
        if (v > 100) { Error(m[key]!, N.Child(path, key), $"{v} is not a percentage (0-100)"); return null; }
        return v;
    }

    /// <summary>A size like mem_limit, or -1 for unlimited swap (the engine's own spelling).</summary>
    private long? SwapLimit(MappingNode m, string path)
    {
        if (m["memswap_limit"] is ScalarNode { IsNull: false, Value: "-1" }) return -1;
        return Bytes(m, "memswap_limit", path);
    }

    private string? CgroupMode(MappingNode m, string path)
    {
        var mode = Str(m, "cgroup");
        if (mode is null or "host" or "private") return mode;
        Error(m["cgroup"]!, path + ".cgroup", $"invalid cgroup '{mode}' (host or private)");
        return null;
    }

    private BlkioConfig Blkio(MappingNode m, string path)
    {
        var weight = Int(m, "weight", path, 0);
        if (weight is not null and not (0 or >= 10 and <= 1000)) { Error(m["weight"]!, path + ".weight", $"weight {weight} is out of range (10-1000)"); weight = null; }
        var devices = ImmutableArray.CreateBuilder<BlkioWeightDevice>();
        if (m["weight_device"] is SequenceNode wd)
            for (var i = 0; i < wd.Items.Length; i++)
            {
                if (wd.Items[i] is not MappingNode d) continue;
                var p = N.Index(path + ".weight_device", i);
                var w = Int(d, "weight", p, 10);
                if (w > 1000) { Error(d["weight"]!, p + ".weight", $"weight {w} is out of range (10-1000)"); continue; }
                if (DevicePath(d, p) is { } dev && w is { } ok) devices.Add(new BlkioWeightDevice(dev, ok));
            }
        return new BlkioConfig
        {
            Weight = weight,
            WeightDevice = devices.ToImmutable(),
            DeviceReadBps = Throttles(m, "device_read_bps", path),
            DeviceReadIops = Throttles(m, "device_read_iops", path),
            DeviceWriteBps = Throttles(m, "device_write_bps", path),
            DeviceWriteIops = Throttles(m, "device_write_iops", path),
        };
    }

    /// <summary>Rates per second; compose-go reads every rate as a size (1mb, and 1k operations for *_iops), so do we.</summary>
    private ImmutableArray<BlkioThrottle> Throttles(MappingNode m, string key, string path)
    {
        if (m[key] is not SequenceNode q) return [];
        var b = ImmutableArray.CreateBuilder<BlkioThrottle>();
        for (var i = 0; i < q.Items.Length; i++)
        {
            if (q.Items[i] is not MappingNode d) continue;
            var p = N.Index($"{path}.{key}", i);
            var rate = Bytes(d, "rate", p);
            if (DevicePath(d, p) is { } dev && rate is { } r) b.Add(new BlkioThrottle(dev, r));
        }
        return b.ToImmutable();
    }

    private string? DevicePath(MappingNode d, string path)
    {
        if (Str(d, "path") is { Length: > 0 } dev) return dev;
        Error(d, path, "a device entry needs a path");
        return null;
    }
}
