using System.Globalization;

namespace Composer.Model.Loading;

/// <summary>Parsers for Compose short syntaxes (ports, volumes, restart), usable on their own.</summary>
public static class Syntax
{
    /// <summary>Parses a short port spec ("3000", "8000:80", "127.0.0.1::80", "8000-8002:80-82/udp", "[::1]:80:80").
    /// Ranges on both sides expand to one PortConfig per port; a host range with a single target stays a range.</summary>
    public static bool TryParsePort(string spec, out List<PortConfig> ports, out string? error)
    {
        ports = [];
        error = null;
        var s = spec.Trim();
        var protocol = "tcp";
        var slash = s.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = s[(slash + 1)..].ToLowerInvariant();
            s = s[..slash];
            if (protocol is not ("tcp" or "udp" or "sctp")) { error = $"invalid protocol '{protocol}' in port '{spec}' (tcp, udp or sctp)"; return false; }
        }
        string? ip = null;
        string? published = null;
        string target;
        if (s.StartsWith('['))
        {
            var close = s.IndexOf(']');
            if (close < 0 || close + 1 >= s.Length || s[close + 1] != ':') { error = $"invalid port '{spec}'"; return false; }
            ip = s[1..close];
            s = s[(close + 2)..];
            var c = s.IndexOf(':');
            if (c < 0) { error = $"invalid port '{spec}'"; return false; }
            published = s[..c];
            target = s[(c + 1)..];
        }
        else
        {
            var parts = s.Split(':');
            switch (parts.Length)
            {
                case 1: target = parts[0]; break;
                case 2: published = parts[0]; target = parts[1]; break;
                case 3: ip = parts[0]; published = parts[1]; target = parts[2]; break;
                default:
                    // IPv6 without brackets: last two parts are published:target.
                    ip = string.Join(':', parts[..^2]);
                    published = parts[^2];
                    target = parts[^1];
                    break;
            }
        }
        if (ip is { Length: 0 }) ip = null;
        if (published is { Length: 0 }) published = null;
        if (ip is not null && !System.Net.IPAddress.TryParse(ip, out _)) { error = $"invalid host IP '{ip}' in port '{spec}'"; return false; }
        if (!TryRange(target, out var t0, out var t1, out error) ) { error = $"invalid port '{spec}': {error}"; return false; }
        int p0 = 0, p1 = 0;
        if (published is not null && !TryRange(published, out p0, out p1, out error)) { error = $"invalid port '{spec}': {error}"; return false; }
        var tcount = t1 - t0 + 1;
        if (tcount > 1)
        {
            if (published is not null && p1 - p0 + 1 != tcount) { error = $"invalid port '{spec}': host and container port ranges have different sizes"; return false; }
            for (var i = 0; i < tcount; i++)
                ports.Add(new PortConfig { HostIp = ip, Published = published is null ? null : (p0 + i).ToString(CultureInfo.InvariantCulture), Target = t0 + i, Protocol = protocol });
            return true;
        }
        ports.Add(new PortConfig { HostIp = ip, Published = published is null ? null : p0 == p1 ? p0.ToString(CultureInfo.InvariantCulture) : $"{p0}-{p1}", Target = t0, Protocol = protocol });
        return true;
    }

    private static bool TryRange(string text, out int lo, out int hi, out string? error)
    {
        error = null;
        lo = hi = 0;
        var dash = text.IndexOf('-');
        if (dash < 0)
        {
            if (!TryPortNumber(text, out lo, out error)) return false;
            hi = lo;
            return true;
        }
        if (!TryPortNumber(text[..dash], out lo, out error) || !TryPortNumber(text[(dash + 1)..], out hi, out error)) return false;
        if (hi < lo) { error = $"invalid range '{text}'"; return false; }
        return true;
    }

    public static bool TryPortNumber(string text, out int port, out string? error)
    {
        error = null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port)) { error = $"'{text}' is not a port number"; return false; }
        if (port is < 1 or > 65535) { error = $"port {port} is out of range (1-65535)"; return false; }
        return true;
    }

    /// <summary>Parses a short volume spec ("data:/d:ro", "./src:/app:z", "/tmp", "~/x:/x").
    /// Bind sources are returned as written (resolution is the caller's job).</summary>
    public static bool TryParseVolume(string spec, out ServiceVolume volume, out string? error)
    {
        volume = null!;
        error = null;
        if (spec.Length == 0) { error = "empty volume specification"; return false; }
        var parts = spec.Split(':');
        string? source = null;
        string target;
        string? mode = null;
        switch (parts.Length)
        {
            case 1: target = parts[0]; break;
            case 2: source = parts[0]; target = parts[1]; break;
            case 3: source = parts[0]; target = parts[1]; mode = parts[2]; break;
            default: error = $"invalid volume specification '{spec}': too many colons"; return false;
        }
        if (parts.Length > 1 && parts.Any(p => p.Length == 0)) { error = $"invalid volume specification '{spec}': empty section between colons"; return false; }
        if (target.Length == 0 || target[0] != '/') { error = $"invalid volume specification '{spec}': the container path '{target}' must be absolute"; return false; }
        target = CleanTarget(target);
        var ro = false;
        string? selinux = null;
        string? propagation = null;
        var nocopy = false;
        if (mode is not null)
        {
            foreach (var m in mode.Split(','))
            {
                switch (m)
                {
                    case "ro": ro = true; break;
                    case "rw": ro = false; break;
                    case "z" or "Z": selinux = m; break;
                    case "nocopy": nocopy = true; break;
                    case "shared" or "rshared" or "slave" or "rslave" or "private" or "rprivate": propagation = m; break;
                    // Docker Desktop's old consistency flags: compose-go's ParseVolume ignores them, so they set nothing.
                    case "consistent" or "cached" or "delegated": break;
                    default: error = $"invalid volume specification '{spec}': unknown mode '{m}'"; return false;
                }
            }
        }
        if (source is null)
        {
            volume = new ServiceVolume { Type = VolumeType.Volume, Target = target, ReadOnly = ro, Volume = new VolumeOptions { NoCopy = nocopy } };
            return true;
        }
        // compose-go's isFilePath: only '.', '/' or '~' first make a bind; "data/x" names a volume (then undefined).
        var isPath = source[0] is '.' or '/' or '~';
        if (isPath)
        {
            if (nocopy) { error = $"invalid volume specification '{spec}': nocopy applies to named volumes only"; return false; }
            volume = new ServiceVolume
            {
                Type = VolumeType.Bind, Source = source, Target = target, ReadOnly = ro,
                Bind = new BindOptions { CreateHostPath = true, SELinux = selinux, Propagation = propagation },
            };
            return true;
        }
        if (propagation is not null) { error = $"invalid volume specification '{spec}': propagation applies to bind mounts only"; return false; }
        volume = new ServiceVolume
        {
            Type = VolumeType.Volume, Source = source, Target = target, ReadOnly = ro,
            // compose-go's format.ParseVolume gives every short-syntax volume mount a `volume` block (`volume: {}` in `config`).
            Volume = new VolumeOptions { NoCopy = nocopy },
            // z/Z relabel a named volume too (docker-elk's `data:/usr/share/elasticsearch/data:Z`): compose-go's
            // format.ParseVolume keeps it as bind.selinux on the volume mount, and docker compose passes it on.
            Bind = selinux is null ? null : new BindOptions { CreateHostPath = true, SELinux = selinux },
        };
        return true;
    }

    public static string CleanTarget(string target) => target.Length > 1 ? target.TrimEnd('/') is { Length: > 0 } t ? t : "/" : target;

    /// <summary>Resolves a host path: "~" with HOME, relative against <paramref name="baseDir"/>, trailing slash removed.</summary>
    public static string ResolvePath(string path, string baseDir, string? home)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            path = (home ?? "~") + path[1..];
        var full = Path.IsPathRooted(path) ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(baseDir, path));
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>Validates a project name as Compose does: lowercase letters, digits, '-' and '_', starting with a letter or digit.</summary>
    public static bool IsValidProjectName(string name) =>
        name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    /// <summary>Normalizes a folder name into a project name (lowercase, drop invalid characters, trim leading '-'/'_').</summary>
    public static string NormalizeProjectName(string name) =>
        new string(name.ToLowerInvariant().Where(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_').ToArray()).TrimStart('-', '_');
}
