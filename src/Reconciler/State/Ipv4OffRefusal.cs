using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>
/// `enable_ipv4: false` (an IPv6-only network) travels in the network's EnableIPv4, from engine API 1.47;
/// composer speaks 1.41, where the engine would ignore it and give the network IPv4 anyway. The verbs that
/// create containers (and so their networks) refuse a project network the services use that turns IPv4 off,
/// at its position; `config` prints it. `enable_ipv4: true` is the default and is not refused; an external
/// network is not composer's to create.
/// </summary>
public static class Ipv4OffRefusal
{
    public static void Refuse(Project project, DesiredState desired)
    {
        var lines = desired.Services.SelectMany(s => project.Services[s.Name].Networks.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(key => project.Networks.GetValueOrDefault(key))
            .Where(n => n is { EnableIpv4: false, External: false })
            .Select(n => $"{ProviderRefusal.Where(n!.EnableIpv4At)}network '{n.Key}': enable_ipv4: false needs engine API 1.47 (EnableIPv4); "
                + $"composer speaks API {Engine.EngineClient.MaxApiVersion}, where the engine would ignore it and give the network IPv4. Remove it, or create the network outside composer and declare it external")
            .ToList();
        if (lines.Count > 0) throw new Ipv4OffUnsupportedException(string.Join("\n", lines));
    }
}

/// <summary>A project network turns IPv4 off, which the engine API composer uses cannot carry.</summary>
public sealed class Ipv4OffUnsupportedException(string message) : Exception(message);
