using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Composer.Engine;
using Composer.Model;

namespace Composer.Reconciler.Swarm;

/// <summary>Project + the content of its configs and secrets -> <see cref="DesiredStack"/>. Pure.</summary>
public static class DesiredStackBuilder
{
    /// <exception cref="StackDefinitionException">Something swarm cannot run; every problem is in the message.</exception>
    public static DesiredStack Build(Project project, StackFiles files)
    {
        var errors = new List<string>();
        var names = new StackObjectNames(project, files);
        var factory = new ServiceSpecFactory(project, names, errors);
        var services = project.Services.Values.Select(s => WithHash(s.Name, factory.Create(s))).ToImmutableArray();
        if (errors.Count > 0) throw new StackDefinitionException(string.Join("\n", errors));

        var used = project.Services.Values.SelectMany(s => s.Networks.Keys).ToHashSet(StringComparer.Ordinal);
        var networks = project.Networks.Values.Where(n => !n.External && used.Contains(n.Key))
            .Select(n => new DesiredStackNetwork(n.Name, Network(project.Name, n))).ToImmutableArray();
        return new DesiredStack(project.Name, services, networks,
            Objects(project.Name, project.Configs, files.Configs, names.Config),
            Objects(project.Name, project.Secrets, files.Secrets, names.Secret),
            [.. IgnoredOptions.Warnings(project.Services.Values)]);
    }

    /// <summary>The hash covers the whole spec as sent (labels sorted), so any change to what we send is an update.</summary>
    private static DesiredStackService WithHash(string service, ServiceSpec spec)
    {
        var hash = Hash(spec);
        spec.Labels![StackLabels.SpecHash] = hash;
        return new DesiredStackService(service, hash, spec);
    }

    internal static string Hash(ServiceSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(spec, SwarmJson.Default.ServiceSpec))));

    private static NetworkCreateRequest Network(string stack, NetworkConfig network)
    {
        var labels = ServiceSpecFactory.Sorted(network.Labels);
        labels[StackLabels.Namespace] = stack;
        return new NetworkCreateRequest
        {
            Name = network.Name,
            CheckDuplicate = true,
            Driver = network.Driver ?? "overlay",
            // Attachable, so `docker run --network` (and debugging containers) can join the stack's network.
            Attachable = true,
            Internal = network.Internal ? true : null,
            EnableIPv6 = network.EnableIpv6,
            Options = network.DriverOpts.IsEmpty ? null : ServiceSpecFactory.Sorted(network.DriverOpts),
            Labels = labels,
            IPAM = network.Ipam is null ? null : new NetworkIpam
            {
                Driver = network.Ipam.Driver,
                Config = ServiceSpecFactory.NullIfEmpty(network.Ipam.Config.Select(p => new NetworkIpamPool { Subnet = p.Subnet, IPRange = p.IpRange, Gateway = p.Gateway })),
            },
        };
    }

    private static ImmutableArray<DesiredSwarmObject> Objects(string stack, ImmutableSortedDictionary<string, FileObjectConfig> declared,
        ImmutableSortedDictionary<string, byte[]> contents, Func<string, string> name) =>
        [.. contents.Select(c =>
        {
            var labels = ServiceSpecFactory.Sorted(declared[c.Key].Labels);
            labels[StackLabels.Namespace] = stack;
            labels[StackLabels.ObjectName] = declared[c.Key].Name;
            return new DesiredSwarmObject(c.Key, new SwarmObjectSpec
            {
                Name = name(c.Key), Labels = labels, Data = c.Value,
                Templating = declared[c.Key].TemplateDriver is { } template ? new SwarmDriver { Name = template } : null,
                Driver = declared[c.Key].Driver is { } driver
                    ? new SwarmDriver { Name = driver, Options = declared[c.Key].DriverOpts.IsEmpty ? null : new Dictionary<string, string>(declared[c.Key].DriverOpts) }
                    : null,
            });
        })];
}
