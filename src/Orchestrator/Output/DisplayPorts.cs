using System.Net;
using Composer.Engine;

namespace Composer.Orchestrator.Output;

/// <summary>
/// A container's ports as the PORTS column shows them in docker: consecutive ports with the same
/// address and protocol folded into a range (`0.0.0.0:8000-8001->8000-8001/tcp`), mappings to a
/// different host port listed after them, IPv6 addresses in brackets.
/// </summary>
internal static class DisplayPorts
{
    public static string Format(IEnumerable<ContainerPort>? ports)
    {
        var sorted = (ports ?? []).OrderBy(p => p.PrivatePort).ThenBy(p => Address(p.IP), AddressOrder.Instance)
            .ThenBy(p => p.PublicPort ?? 0).ThenBy(p => p.Type, StringComparer.Ordinal);
        var ranges = new Dictionary<string, (int First, int Last)>();
        var rangeOrder = new List<string>();
        var result = new List<string>();
        var hostMappings = new List<string>();
        foreach (var port in sorted)
        {
            var type = port.Type ?? "";
            var key = type;
            if (Address(port.IP) is { } address)
            {
                if ((port.PublicPort ?? 0) != port.PrivatePort)
                {
                    hostMappings.Add($"{Host(address)}:{port.PublicPort ?? 0}->{port.PrivatePort}/{type}");
                    continue;
                }
                key = address + "/" + type;
            }
            if (!ranges.TryGetValue(key, out var range)) { ranges[key] = (port.PrivatePort, port.PrivatePort); rangeOrder.Add(key); continue; }
            if (port.PrivatePort == range.Last + 1) { ranges[key] = (range.First, port.PrivatePort); continue; }
            // A gap closes the range so far; docker lists it ahead of the ranges still open.
            result.Add(Range(key, range));
            ranges[key] = (port.PrivatePort, port.PrivatePort);
        }
        result.AddRange(rangeOrder.Select(key => Range(key, ranges[key])));
        result.AddRange(hostMappings);
        return string.Join(", ", result);
    }

    private static IPAddress? Address(string? ip) => IPAddress.TryParse(ip, out var address) ? address : null;

    private static string Host(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static string Range(string key, (int First, int Last) range)
    {
        var slash = key.LastIndexOf('/');
        var ports = range.First == range.Last ? $"{range.First}" : $"{range.First}-{range.Last}";
        if (slash < 0) return $"{ports}/{key}";
        var address = IPAddress.Parse(key[..slash]);
        return $"{Host(address)}:{ports}->{ports}/{key[(slash + 1)..]}";
    }

    /// <summary>No address first, then IPv4 before IPv6, then byte order (as Go's netip orders addresses).</summary>
    private sealed class AddressOrder : IComparer<IPAddress?>
    {
        public static readonly AddressOrder Instance = new();

        public int Compare(IPAddress? x, IPAddress? y)
        {
            if (x is null || y is null) return (x is null ? 0 : 1) - (y is null ? 0 : 1);
            var (a, b) = (x.GetAddressBytes(), y.GetAddressBytes());
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.AsSpan().SequenceCompareTo(b);
        }
    }
}
