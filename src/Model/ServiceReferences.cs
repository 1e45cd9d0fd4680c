namespace Composer.Model;

/// <summary>How one service names another.</summary>
public enum EdgeKind { DependsOn, Link, VolumesFrom, NetworkMode, Ipc, Pid }

/// <summary>"From depends on To" (To must start first).</summary>
public sealed record ServiceEdge(string From, string To, EdgeKind Kind);

/// <summary>
/// Every reference from a service to another, in one place: depends_on, links, volumes_from
/// (service:X or a plain name) and the `service:X` forms of network_mode, ipc and pid. As in
/// compose-go, each orders start-up like depends_on; all but depends_on also need the other
/// service's container to exist, since the engine is given its name.
/// </summary>
public static class ServiceReferences
{
    public const string ServicePrefix = "service:";

    public static IEnumerable<ServiceEdge> Of(ServiceConfig service)
    {
        foreach (var name in service.DependsOn.Keys) yield return new(service.Name, name, EdgeKind.DependsOn);
        foreach (var link in service.Links) yield return new(service.Name, link.Service, EdgeKind.Link);
        foreach (var spec in service.VolumesFrom)
            if (VolumesFromService(spec) is { } name) yield return new(service.Name, name, EdgeKind.VolumesFrom);
        // One by one rather than through an array: this runs several times per service in every load.
        if (ModeService(service.NetworkMode) is { } network) yield return new(service.Name, network, EdgeKind.NetworkMode);
        if (ModeService(service.Ipc) is { } ipc) yield return new(service.Name, ipc, EdgeKind.Ipc);
        if (ModeService(service.Pid) is { } pid) yield return new(service.Name, pid, EdgeKind.Pid);
    }

    /// <summary>The services whose containers this one's configuration names (all references but depends_on).</summary>
    public static IEnumerable<string> ContainersNamed(ServiceConfig service) =>
        Of(service).Where(e => e.Kind != EdgeKind.DependsOn).Select(e => e.To).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// compose-go's normalization: each service another one names through links, volumes_from or a `service:X`
    /// mode becomes a depends_on entry too (condition service_started, required), with `restart: true` unless
    /// it came from volumes_from, so `config` prints what docker compose prints and `restart` of that service
    /// restarts this one. An entry already written is left as written; a name that is no service is left to the
    /// check that reports it at its position.
    /// </summary>
    public static ServiceConfig WithImplicitDependsOn(ServiceConfig service, IReadOnlySet<string> services)
    {
        var dependsOn = service.DependsOn;
        foreach (var edge in Of(service))
            if (edge.Kind != EdgeKind.DependsOn && services.Contains(edge.To) && !dependsOn.ContainsKey(edge.To))
                dependsOn = dependsOn.Add(edge.To, new Dependency(DependencyCondition.ServiceStarted, Restart: edge.Kind != EdgeKind.VolumesFrom));
        return ReferenceEquals(dependsOn, service.DependsOn) ? service : service with { DependsOn = dependsOn };
    }

    /// <summary>The key in a service's YAML that makes the reference.</summary>
    public static string Key(EdgeKind kind) => kind switch
    {
        EdgeKind.DependsOn => "depends_on",
        EdgeKind.Link => "links",
        EdgeKind.VolumesFrom => "volumes_from",
        EdgeKind.NetworkMode => "network_mode",
        EdgeKind.Ipc => "ipc",
        _ => "pid",
    };

    /// <summary>"service:x" -> x; any other mode (host, private, container:...) -> null.</summary>
    public static string? ModeService(string? mode) =>
        mode is not null && mode.StartsWith(ServicePrefix, StringComparison.Ordinal) ? mode[ServicePrefix.Length..] : null;

    /// <summary>"service:x[:ro]" or "x[:ro]" -> x; "container:..." -> null.</summary>
    public static string? VolumesFromService(string spec)
    {
        if (spec.StartsWith("container:", StringComparison.Ordinal)) return null;
        if (spec.StartsWith(ServicePrefix, StringComparison.Ordinal)) spec = spec[ServicePrefix.Length..];
        var i = spec.IndexOf(':');
        return i < 0 ? spec : spec[..i];
    }
}
