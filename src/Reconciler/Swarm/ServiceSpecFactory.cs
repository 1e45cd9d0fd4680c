using Composer.Engine;
using Composer.Model;

namespace Composer.Reconciler.Swarm;

/// <summary>
/// A compose service -> the swarm service spec `docker stack deploy` would send. Pure. Problems that
/// make a service impossible in swarm mode go to <paramref name="errors"/>; the deploy then stops
/// before changing anything.
/// </summary>
internal sealed class ServiceSpecFactory(Project project, StackObjectNames objects, List<string> errors)
{
    public ServiceSpec Create(ServiceConfig service)
    {
        var image = service.Image;
        if (image is null)
            errors.Add($"service {service.Name}: no image. Swarm does not build: build the image, push it to a registry every node can pull from, and name it in image:");

        var labels = Sorted(service.Deploy?.Labels);
        labels[StackLabels.Namespace] = project.Name;
        labels[StackLabels.Image] = image ?? "";
        return new ServiceSpec
        {
            Name = StackLabels.ServiceName(project.Name, service.Name),
            Labels = labels,
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = Container(service, image ?? ""),
                Resources = DeploySpec.Resources(service.Deploy?.Resources),
                RestartPolicy = DeploySpec.Restart(service.Deploy?.RestartPolicy),
                Placement = DeploySpec.Placement(service.Deploy),
                Networks = Networks(service),
                LogDriver = service.Logging?.Driver is { } driver ? new TaskLogDriver { Name = driver, Options = Sorted(service.Logging.Options) } : null,
            },
            Mode = DeploySpec.Mode(service),
            UpdateConfig = DeploySpec.Update(service.Deploy?.UpdateConfig),
            RollbackConfig = DeploySpec.Update(service.Deploy?.RollbackConfig),
            EndpointSpec = DeploySpec.Endpoint(service, errors),
        };
    }

    private SwarmContainerSpec Container(ServiceConfig service, string image)
    {
        var labels = Sorted(service.Labels);
        labels[StackLabels.Namespace] = project.Name;
        return new SwarmContainerSpec
        {
            Image = image,
            Labels = labels,
            // Swarm's Command is the entrypoint and Args the command, unlike the container API.
            Command = service.Entrypoint is { } entrypoint ? [.. entrypoint] : null,
            Args = service.Command is { } command ? [.. command] : null,
            Hostname = service.Hostname,
            Env = NullIfEmpty(service.Environment.Where(e => e.Value is not null).Select(e => $"{e.Key}={e.Value}")),
            Dir = service.WorkingDir,
            User = service.User,
            Groups = NullIfEmpty(service.GroupAdd),
            TTY = service.Tty ? true : null,
            OpenStdin = service.StdinOpen ? true : null,
            ReadOnly = service.ReadOnly ? true : null,
            Mounts = NullIfEmpty(service.Volumes.Select(v => Mount(service, v)).OfType<SwarmMount>()),
            StopSignal = service.StopSignal,
            StopGracePeriod = DeploySpec.Nanos(service.StopGracePeriod),
            HealthCheck = Containers.HealthChecks.ToEngine(service.Healthcheck),
            // extra_hosts is "host:ip"; the task's /etc/hosts wants "ip host".
            Hosts = NullIfEmpty(service.ExtraHosts.Select(h => h.Split(':', 2) is [var host, var ip] ? $"{ip} {host}" : h)),
            DNSConfig = service.Dns.IsEmpty && service.DnsSearch.IsEmpty && service.DnsOpt.IsEmpty ? null : new SwarmDnsConfig
            {
                Nameservers = NullIfEmpty(service.Dns), Search = NullIfEmpty(service.DnsSearch), Options = NullIfEmpty(service.DnsOpt),
            },
            Secrets = NullIfEmpty(service.Secrets.Select(r => new SecretReference { SecretName = objects.Secret(r.Source), File = SecretFile(r) })),
            Configs = NullIfEmpty(service.Configs.Select(r => new ConfigReference { ConfigName = objects.Config(r.Source), File = File(r, r.Target) })),
            Init = service.Init,
            Sysctls = service.Sysctls.IsEmpty ? null : Sorted(service.Sysctls),
            CapabilityAdd = NullIfEmpty(service.CapAdd),
            CapabilityDrop = NullIfEmpty(service.CapDrop),
            Ulimits = NullIfEmpty(service.Ulimits.Select(u => new EngineUlimit { Name = u.Key, Soft = u.Value.Soft, Hard = u.Value.Hard })),
        };
    }

    /// <summary>Secrets live under /run/secrets: the engine takes a name relative to it (an absolute target is passed as written).</summary>
    private static FileTarget SecretFile(ServiceFileRef reference) =>
        File(reference, reference.Target.StartsWith("/run/secrets/", StringComparison.Ordinal) ? reference.Target["/run/secrets/".Length..] : reference.Target);

    private static FileTarget File(ServiceFileRef reference, string name) => new()
    {
        Name = name, UID = reference.Uid ?? "0", GID = reference.Gid ?? "0", Mode = reference.Mode ?? 0x124,
    };

    private List<NetworkAttachment>? Networks(ServiceConfig service) => NullIfEmpty(
        service.Networks.Select(n => new NetworkAttachment
        {
            Target = project.Networks[n.Key].Name,
            // The service's short name resolves on every network it joins, as in docker stack deploy.
            Aliases = [service.Name, .. n.Value.Aliases.Where(a => a != service.Name)],
        }));

    private SwarmMount? Mount(ServiceConfig service, ServiceVolume volume)
    {
        switch (volume.Type)
        {
            case VolumeType.Bind:
                return new SwarmMount
                {
                    Type = "bind", Source = volume.Source, Target = volume.Target, ReadOnly = volume.ReadOnly ? true : null,
                    BindOptions = volume.Bind?.Propagation is { } propagation ? new SwarmBindOptions { Propagation = propagation } : null,
                };
            case VolumeType.Tmpfs:
                return new SwarmMount
                {
                    Type = "tmpfs", Target = volume.Target, ReadOnly = volume.ReadOnly ? true : null,
                    TmpfsOptions = volume.Tmpfs is null ? null : new MountTmpfsOptions { SizeBytes = volume.Tmpfs.Size, Mode = volume.Tmpfs.Mode },
                };
            case VolumeType.Volume:
                var declared = volume.Source is null ? null : project.Volumes.GetValueOrDefault(volume.Source);
                return new SwarmMount
                {
                    Type = "volume",
                    Source = declared?.Name ?? volume.Source,
                    Target = volume.Target,
                    ReadOnly = volume.ReadOnly ? true : null,
                    // Each node creates the volume when a task first needs it: labels and driver travel with the mount.
                    VolumeOptions = declared is null || declared.External ? (volume.Volume is { NoCopy: true } ? new SwarmVolumeOptions { NoCopy = true } : null) : new SwarmVolumeOptions
                    {
                        NoCopy = volume.Volume is { NoCopy: true } ? true : null,
                        Labels = VolumeLabels(declared),
                        DriverConfig = declared.Driver is null && declared.DriverOpts.IsEmpty ? null
                            : new SwarmDriver { Name = declared.Driver, Options = declared.DriverOpts.IsEmpty ? null : Sorted(declared.DriverOpts) },
                    },
                };
            default:
                errors.Add($"service {service.Name}: volume type {volume.Type.ToString().ToLowerInvariant()} ({volume.Target}) is not supported in swarm mode");
                return null;
        }
    }

    private Dictionary<string, string> VolumeLabels(VolumeConfig volume)
    {
        var labels = Sorted(volume.Labels);
        labels[StackLabels.Namespace] = project.Name;
        return labels;
    }

    /// <summary>Labels in key order, so the same file always gives the same spec and the same hash.</summary>
    internal static Dictionary<string, string> Sorted(IEnumerable<KeyValuePair<string, string>>? source) =>
        new((source ?? []).OrderBy(p => p.Key, StringComparer.Ordinal), StringComparer.Ordinal);

    internal static List<T>? NullIfEmpty<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? null : list;
    }
}
