using Composer.Model;

namespace Composer.Reconciler.Swarm;

/// <summary>
/// Compose options swarm services have no place for. Like `docker stack deploy`, we deploy anyway
/// and say what was ignored: one warning per option, naming the services that set it.
/// </summary>
internal static class IgnoredOptions
{
    private sealed record Rule(string Option, Func<ServiceConfig, bool> IsSet, string Why);

    private static readonly Rule[] Rules =
    [
        new("build", s => s.Build is not null, "swarm does not build; on a cluster, push the image to a registry every node can pull from"),
        new("container_name", s => s.ContainerName is not null, "swarm names task containers itself"),
        new("depends_on", s => !s.DependsOn.IsEmpty, "swarm starts services in any order; make services retry their dependencies"),
        new("links", s => !s.Links.IsEmpty, "services reach each other by name on their overlay networks"),
        new("external_links", s => !s.ExternalLinks.IsEmpty, "services reach each other by name on their overlay networks"),
        new("network_mode", s => s.NetworkMode is not null, "tasks join the stack's overlay networks"),
        new("restart", s => s.RestartSet, "use deploy.restart_policy"),
        new("privileged", s => s.Privileged, "swarm services cannot be privileged"),
        new("volumes_from", s => !s.VolumesFrom.IsEmpty, "use named volumes"),
        new("devices", s => !s.Devices.IsEmpty, "not available to swarm services"),
        new("cgroup_parent", s => s.CgroupParent is not null, "not available to swarm services"),
        new("domainname", s => s.DomainName is not null, "not available to swarm services"),
        new("ipc", s => s.Ipc is not null, "not available to swarm services"),
        new("pid", s => s.Pid is not null, "not available to swarm services"),
        new("uts", s => s.Uts is not null, "not available to swarm services"),
        new("userns_mode", s => s.UsernsMode is not null, "not available to swarm services"),
        new("mac_address", s => s.MacAddress is not null, "not available to swarm services"),
        new("security_opt", s => !s.SecurityOpt.IsEmpty, "not available to swarm services"),
        new("shm_size", s => s.ShmSize is not null, "not available to swarm services"),
        new("tmpfs", s => !s.Tmpfs.IsEmpty, "use a volume of type tmpfs"),
        new("runtime", s => s.Runtime is not null, "not available to swarm services"),
        new("storage_opt", s => !s.StorageOpt.IsEmpty, "not available to swarm services"),
        new("oom_kill_disable", s => s.OomKillDisable is not null, "not available to swarm services"),
        new("oom_score_adj", s => s.OomScoreAdj is not null, "not available to swarm services"),
        new("cpus, mem_limit, mem_reservation, pids_limit", s => s.Cpus is not null || s.MemLimit is not null || s.MemReservation is not null || s.PidsLimit is not null,
            "use deploy.resources"),
        new("cpu_shares, cpuset", s => s.CpuShares is not null || s.Cpuset is not null, "use deploy.resources"),
        new("cpu_period, cpu_quota, cpu_rt_period, cpu_rt_runtime, cpu_count, cpu_percent",
            s => s.CpuPeriod is not null || s.CpuQuota is not null || s.CpuRtPeriod is not null || s.CpuRtRuntime is not null || s.CpuCount is not null || s.CpuPercent is not null,
            "not available to swarm services; use deploy.resources"),
        new("mem_swappiness, memswap_limit", s => s.MemSwappiness is not null || s.MemswapLimit is not null, "not available to swarm services"),
        new("device_cgroup_rules", s => !s.DeviceCgroupRules.IsEmpty, "not available to swarm services"),
        new("cgroup", s => s.Cgroup is not null, "not available to swarm services"),
        new("blkio_config", s => s.BlkioConfig is not null, "not available to swarm services"),
        new("gpus", s => !s.Gpus.IsEmpty, "not available to swarm services"),
        new("deploy.resources.reservations.devices", s => s.Deploy?.Resources?.Reservations?.Devices.IsEmpty == false, "not available to swarm services"),
        new("use_api_socket", s => s.UseApiSocket, "bind /var/run/docker.sock as a volume instead"),
        new("platform", s => s.Platform is not null, "use deploy.placement.constraints (node.platform.arch)"),
        new("ports[].host_ip", s => s.Ports.Any(p => p.HostIp is not null), "swarm publishes on every address of the node"),
    ];

    public static IEnumerable<string> Warnings(IEnumerable<ServiceConfig> services)
    {
        var list = services.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        foreach (var rule in Rules)
        {
            var users = list.Where(rule.IsSet).Select(s => s.Name).ToList();
            if (users.Count > 0) yield return $"ignored in swarm mode: {rule.Option} ({string.Join(", ", users)}): {rule.Why}";
        }
    }
}
