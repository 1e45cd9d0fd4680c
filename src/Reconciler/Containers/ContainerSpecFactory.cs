using System.Globalization;
using Composer.Engine;
using Composer.Model;

namespace Composer.Reconciler.Containers;

/// <summary>
/// A service's declared configuration -> the engine's container create request. Pure: names of
/// other containers (for links, network_mode: service:X, volumes_from) come in resolved.
/// </summary>
public sealed class ContainerSpecFactory(Project project)
{
    /// <summary>The agent owns restarts: containers get the engine policy `no` (one owner, never both).</summary>
    public bool SupervisedRestarts { get; init; }

    /// <summary>The network a container is created on; others are connected before it starts (API 1.41 takes one at create).</summary>
    public string? PrimaryNetwork(ServiceConfig service) =>
        service.NetworkMode is null ? OrderedNetworks(service).Select(n => n.Engine).FirstOrDefault() : null;

    public IEnumerable<(string Engine, ServiceNetwork Attachment)> OrderedNetworks(ServiceConfig service) =>
        service.Networks
            .OrderByDescending(n => n.Value.Priority).ThenBy(n => n.Key, StringComparer.Ordinal)
            .Select(n => (project.Networks[n.Key].Name, n.Value));

    public EndpointSettings Endpoint(ServiceConfig service, ServiceNetwork attachment, IReadOnlyList<string> links) => new()
    {
        Aliases = [service.Name, .. attachment.Aliases],
        Links = links.Count == 0 ? null : [.. links],
        IPAMConfig = attachment.Ipv4Address is null && attachment.Ipv6Address is null && attachment.LinkLocalIps.IsEmpty ? null
            : new EndpointIpamConfig
            {
                IPv4Address = attachment.Ipv4Address, IPv6Address = attachment.Ipv6Address,
                LinkLocalIPs = attachment.LinkLocalIps.IsEmpty ? null : [.. attachment.LinkLocalIps],
            },
        DriverOpts = EndpointDriverOpts(attachment),
    };

    /// <summary>driver_opts, with interface_name as the ifname option over any written there (as docker compose's endpointDriverOpts).</summary>
    private static Dictionary<string, string>? EndpointDriverOpts(ServiceNetwork attachment)
    {
        if (attachment.DriverOpts.IsEmpty && attachment.InterfaceName is null) return null;
        var options = new Dictionary<string, string>(attachment.DriverOpts, StringComparer.Ordinal);
        if (attachment.InterfaceName is { } name) options["com.docker.network.endpoint.ifname"] = name;
        return options;
    }

    /// <param name="resolve">Container name of a service's first replica (for links, network_mode, volumes_from).</param>
    public ContainerCreateRequest Create(ServiceConfig service, int number, string configHash, string image,
        Func<string, string> resolve, bool oneOff = false)
    {
        var links = Links(service, resolve);
        var primary = PrimaryNetwork(service);
        return new ContainerCreateRequest
        {
            Image = image,
            Cmd = service.Command is { } cmd ? [.. cmd] : null,
            Entrypoint = service.Entrypoint is { } ep ? [.. ep] : null,
            Env = [.. service.Environment.Where(e => e.Value is not null).Select(e => $"{e.Key}={e.Value}")],
            Labels = ContainerLabels.For(project, service, number, oneOff, configHash),
            Hostname = service.Hostname,
            Domainname = service.DomainName,
            User = service.User,
            WorkingDir = service.WorkingDir,
            Tty = service.Tty,
            OpenStdin = service.StdinOpen,
            AttachStdin = false,
            StopSignal = service.StopSignal,
            StopTimeout = service.StopGracePeriod is { } grace ? (int)Math.Ceiling(grace.TotalSeconds) : null,
            ExposedPorts = ExposedPorts(service),
            Healthcheck = HealthChecks.ToEngine(service.Healthcheck),
            MacAddress = service.MacAddress,
            HostConfig = HostConfigFor(service, links, resolve, oneOff),
            NetworkingConfig = primary is null ? null : new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings>
                {
                    [primary] = Endpoint(service, OrderedNetworks(service).First().Attachment, links),
                },
            },
        };
    }

    public static List<string> Links(ServiceConfig service, Func<string, string> resolve) =>
        [.. service.Links.Select(l => $"{resolve(l.Service)}:{l.Alias}"), .. service.ExternalLinks.Select(ExternalLink)];

    private static string ExternalLink(string link) => link.Contains(':') ? link : $"{link}:{link}";

    private HostConfig HostConfigFor(ServiceConfig service, List<string> links, Func<string, string> resolve, bool oneOff)
    {
        var limits = service.Deploy?.Resources?.Limits;
        var reservations = service.Deploy?.Resources?.Reservations;
        var cpus = service.Cpus ?? limits?.Cpus;
        var blkio = service.BlkioConfig;
        return new HostConfig
        {
            NetworkMode = NetworkMode(service, resolve),
            Binds = [.. service.Volumes.Where(v => v.Type == VolumeType.Bind && !BindSources.MustExist(v)).Select(Bind),
                .. service.Volumes.Where(RelabelledVolume).Select(v => Bind(v with { Source = VolumeName(v.Source!) })),
                .. FileBinds(service), .. ApiSocketBind(service)],
            // A bind that must not create its source goes through the mount API, which never creates
            // one (binds do, at every start): a path removed later stops the container's start too.
            Mounts = [.. service.Volumes.Where(v => (v.Type != VolumeType.Bind && !RelabelledVolume(v)) || BindSources.MustExist(v)).Select(Mount)],
            Tmpfs = service.Tmpfs.IsEmpty ? null : service.Tmpfs.ToDictionary(t => t.Split(':', 2)[0], t => t.Contains(':') ? t.Split(':', 2)[1] : ""),
            PortBindings = PortBindings(service),
            Links = links.Count == 0 ? null : links,
            VolumesFrom = service.VolumesFrom.IsEmpty ? null : [.. service.VolumesFrom.Select(v => VolumesFrom(v, resolve))],
            RestartPolicy = oneOff || SupervisedRestarts ? RestartPolicies.Never : RestartPolicies.ToEngine(service),
            Memory = service.MemLimit ?? limits?.Memory,
            MemoryReservation = service.MemReservation ?? reservations?.Memory,
            NanoCpus = cpus is { } c ? (long)(c * 1_000_000_000) : null,
            CpuShares = service.CpuShares,
            CpusetCpus = service.Cpuset,
            CpuPeriod = service.CpuPeriod,
            CpuQuota = service.CpuQuota,
            CpuRealtimePeriod = service.CpuRtPeriod,
            CpuRealtimeRuntime = service.CpuRtRuntime,
            CpuCount = service.CpuCount,
            // Sent as written, as docker compose does: a Linux engine takes "default" and refuses the Windows
            // modes itself (its message names the value), which a Windows engine honours; refusing here would
            // second-guess the engine composer talks to.
            Isolation = service.Isolation,
            // The percentage as written (the API's 0-100 scale); docker compose multiplies it by 100,
            // a value the engine would refuse where it honours the knob (Windows) and discards on Linux.
            CpuPercent = service.CpuPercent,
            MemorySwap = service.MemswapLimit,
            MemorySwappiness = service.MemSwappiness,
            DeviceCgroupRules = service.DeviceCgroupRules.IsEmpty ? null : [.. service.DeviceCgroupRules],
            CgroupnsMode = service.Cgroup,
            BlkioWeight = blkio?.Weight,
            BlkioWeightDevice = blkio is null || blkio.WeightDevice.IsEmpty ? null : [.. blkio.WeightDevice.Select(d => new WeightDevice { Path = d.Path, Weight = d.Weight })],
            BlkioDeviceReadBps = Throttles(blkio?.DeviceReadBps),
            BlkioDeviceWriteBps = Throttles(blkio?.DeviceWriteBps),
            BlkioDeviceReadIOps = Throttles(blkio?.DeviceReadIops),
            BlkioDeviceWriteIOps = Throttles(blkio?.DeviceWriteIops),
            DeviceRequests = DeviceRequests(service),
            StorageOpt = service.StorageOpt.IsEmpty ? null : new Dictionary<string, string>(service.StorageOpt),
            PidsLimit = service.PidsLimit ?? limits?.Pids,
            CapAdd = service.CapAdd.IsEmpty ? null : [.. service.CapAdd],
            CapDrop = service.CapDrop.IsEmpty ? null : [.. service.CapDrop],
            Privileged = service.Privileged,
            ReadonlyRootfs = service.ReadOnly,
            SecurityOpt = service.SecurityOpt.IsEmpty ? null : [.. service.SecurityOpt],
            Ulimits = service.Ulimits.IsEmpty ? null : [.. service.Ulimits.Select(u => new EngineUlimit { Name = u.Key, Soft = u.Value.Soft, Hard = u.Value.Hard })],
            Sysctls = service.Sysctls.IsEmpty ? null : new Dictionary<string, string>(service.Sysctls),
            ExtraHosts = service.ExtraHosts.IsEmpty ? null : [.. service.ExtraHosts],
            Dns = service.Dns.IsEmpty ? null : [.. service.Dns],
            DnsSearch = service.DnsSearch.IsEmpty ? null : [.. service.DnsSearch],
            DnsOptions = service.DnsOpt.IsEmpty ? null : [.. service.DnsOpt],
            ShmSize = service.ShmSize,
            Init = service.Init,
            GroupAdd = service.GroupAdd.IsEmpty ? null : [.. service.GroupAdd],
            PidMode = JoinedMode(service.Pid, resolve),
            IpcMode = JoinedMode(service.Ipc, resolve),
            UTSMode = service.Uts,
            UsernsMode = service.UsernsMode,
            Runtime = service.Runtime,
            CgroupParent = service.CgroupParent,
            OomKillDisable = service.OomKillDisable,
            OomScoreAdj = service.OomScoreAdj,
            Devices = service.Devices.IsEmpty ? null : [.. service.Devices.Select(d => new Engine.DeviceMapping { PathOnHost = d.Source, PathInContainer = d.Target, CgroupPermissions = d.Permissions })],
            LogConfig = service.Logging?.Driver is { } driver ? new LogConfig { Type = driver, Config = new Dictionary<string, string>(service.Logging.Options) } : null,
        };
    }

    /// <summary>
    /// reservations.devices as written, then `gpus` with the "gpu" capability added (the engine picks the
    /// driver by capability): docker compose's order and mapping.
    /// </summary>
    private static List<EngineDeviceRequest>? DeviceRequests(ServiceConfig service)
    {
        var reserved = service.Deploy?.Resources?.Reservations?.Devices ?? [];
        List<EngineDeviceRequest> requests =
        [
            .. reserved.Select(d => EngineRequest(d, [.. d.Capabilities])),
            .. service.Gpus.Select(g => EngineRequest(g, [.. g.Capabilities, "gpu"])),
        ];
        return requests.Count == 0 ? null : requests;
    }

    private static EngineDeviceRequest EngineRequest(Model.DeviceRequest request, List<string> capabilities) => new()
    {
        Driver = request.Driver,
        Count = request.Count ?? 0,
        DeviceIDs = request.DeviceIds.IsEmpty ? null : [.. request.DeviceIds],
        Capabilities = [capabilities],
        Options = request.Options.IsEmpty ? null : new Dictionary<string, string>(request.Options),
    };

    private static List<ThrottleDevice>? Throttles(IEnumerable<BlkioThrottle>? throttles) =>
        throttles is null || !throttles.Any() ? null : [.. throttles.Select(t => new ThrottleDevice { Path = t.Path, Rate = t.Rate })];

    private static string? NetworkMode(ServiceConfig service, Func<string, string> resolve) => JoinedMode(service.NetworkMode, resolve);

    /// <summary>network_mode, ipc, pid: `service:X` joins the namespace of X's container, which the engine knows as `container:NAME`.</summary>
    private static string? JoinedMode(string? mode, Func<string, string> resolve) =>
        ServiceReferences.ModeService(mode) is { } service ? "container:" + resolve(service) : mode;

    private static string VolumesFrom(string reference, Func<string, string> resolve)
    {
        var parts = reference.Split(':');
        var source = parts[0] == "service" ? resolve(parts[1]) : parts[1];
        return parts.Length > 2 ? $"{source}:{parts[2]}" : source;
    }

    private static string Bind(ServiceVolume volume)
    {
        var options = new List<string>();
        if (volume.ReadOnly) options.Add("ro");
        if (volume.Bind?.SELinux is { } label) options.Add(label);
        if (volume.Bind?.Propagation is { } propagation) options.Add(propagation);
        return options.Count == 0 ? $"{volume.Source}:{volume.Target}" : $"{volume.Source}:{volume.Target}:{string.Join(',', options)}";
    }

    /// <summary>
    /// use_api_socket: the engine's socket at its usual path, as docker compose binds it. docker compose also
    /// copies the user's registry credentials in; composer does not (README), so DOCKER_CONFIG is left alone.
    /// </summary>
    private static IEnumerable<string> ApiSocketBind(ServiceConfig service) =>
        service.UseApiSocket ? ["/var/run/docker.sock:/var/run/docker.sock"] : [];

    /// <summary>Configs and secrets backed by files are bind-mounted read-only, as Compose does without swarm.</summary>
    private IEnumerable<string> FileBinds(ServiceConfig service) =>
        service.Configs.Select(r => (r, project.Configs.GetValueOrDefault(r.Source)))
            .Concat(service.Secrets.Select(r => (r, project.Secrets.GetValueOrDefault(r.Source))))
            .Where(x => x.Item2?.File is not null)
            .Select(x => $"{x.Item2!.File}:{x.r.Target}:ro");

    /// <summary>
    /// A named volume with a selinux label (`data:/d:Z`) is passed as a bind string, as docker compose's
    /// volumeBindString does: the mount API has no relabel option. One that needs volume options stays a mount.
    /// </summary>
    private static bool RelabelledVolume(ServiceVolume v) =>
        v is { Type: VolumeType.Volume, Source: not null, Bind.SELinux: not null } && v.Volume is null or { NoCopy: false, Subpath: null, Labels.IsEmpty: true };

    private string VolumeName(string source) => project.Volumes.TryGetValue(source, out var declared) ? declared.Name : source;

    private Mount Mount(ServiceVolume volume) => volume.Type switch
    {
        VolumeType.Bind => new Mount
        {
            Type = "bind", Source = volume.Source, Target = volume.Target, ReadOnly = volume.ReadOnly,
            BindOptions = volume.Bind?.Propagation is { } propagation ? new MountBindOptions { Propagation = propagation } : null,
        },
        VolumeType.Tmpfs => new Mount
        {
            Type = "tmpfs", Target = volume.Target, ReadOnly = volume.ReadOnly,
            TmpfsOptions = volume.Tmpfs is null ? null : new MountTmpfsOptions { SizeBytes = volume.Tmpfs.Size, Mode = volume.Tmpfs.Mode },
        },
        _ => new Mount
        {
            Type = "volume",
            Source = volume.Source is null ? null : VolumeName(volume.Source),
            Target = volume.Target,
            ReadOnly = volume.ReadOnly,
            VolumeOptions = volume.Volume is { } options && (options.NoCopy || !options.Labels.IsEmpty)
                ? new MountVolumeOptions { NoCopy = options.NoCopy ? true : null, Labels = options.Labels.IsEmpty ? null : new(options.Labels) }
                : null,
        },
    };

    private static Dictionary<string, object>? ExposedPorts(ServiceConfig service)
    {
        var keys = service.Ports.Select(p => $"{p.Target}/{p.Protocol}")
            .Concat(service.Expose.Select(e => e.Contains('/') ? e : e + "/tcp")).Distinct().ToList();
        return keys.Count == 0 ? null : keys.ToDictionary(k => k, _ => (object)new Dictionary<string, object>());
    }

    private static Dictionary<string, List<PortBinding>>? PortBindings(ServiceConfig service)
    {
        if (service.Ports.IsEmpty) return null;
        return service.Ports.GroupBy(p => $"{p.Target}/{p.Protocol}")
            .ToDictionary(g => g.Key, g => g.Select(p => new PortBinding { HostIp = p.HostIp ?? "", HostPort = p.Published ?? "" }).ToList());
    }

}

/// <summary>restart / deploy.restart_policy -> the engine's restart policy (used when no agent owns restarts).</summary>
public static class RestartPolicies
{
    /// <summary>The policy a service declares: `restart:` when written, else `deploy.restart_policy`, else no.</summary>
    public static RestartPolicy Declared(ServiceConfig service)
    {
        if (!service.RestartSet && service.Deploy?.RestartPolicy is { } deploy)
        {
            return deploy.Condition switch
            {
                "none" => RestartPolicy.No,
                "on-failure" => RestartPolicy.OnFailure(deploy.MaxAttempts),
                _ => RestartPolicy.Always,
            };
        }
        return service.Restart;
    }

    public static EngineRestartPolicy ToEngine(ServiceConfig service) => ToEngine(Declared(service));

    public static EngineRestartPolicy ToEngine(RestartPolicy policy) => policy.Kind switch
    {
        RestartKind.Always => new EngineRestartPolicy { Name = "always" },
        RestartKind.UnlessStopped => new EngineRestartPolicy { Name = "unless-stopped" },
        RestartKind.OnFailure => new EngineRestartPolicy { Name = "on-failure", MaximumRetryCount = policy.MaxRetries ?? 0 },
        _ => Never,
    };

    /// <summary>The engine does not restart: one-off containers, and containers whose restarts the agent owns.</summary>
    public static EngineRestartPolicy Never => new() { Name = "no" };

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
