using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Containers;
using Composer.Reconciler.Planning;
using Composer.Reconciler.Rollout;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Execution;

/// <summary>Performs each plan operation with one engine call (or a few, for a container's networks).</summary>
public sealed class EngineOperationRunner(IEngineClient engine, Project project, DesiredState desired) : IOperationRunner
{

    /// <summary>Seconds a stop waits before killing (-t); null = the service's stop_grace_period, else 10.</summary>
    public int? StopTimeout { get; init; }

    /// <summary>Remove anonymous volumes with containers (down -v).</summary>
    public bool RemoveVolumes { get; init; }

    /// <summary>How long an await on a depends_on condition may take; null: as long as the healthcheck may need (<see cref="ServiceConditionWaiter"/>).</summary>
    public TimeSpan? AwaitTimeout { get; init; }

    /// <summary>Where build and pull output goes.</summary>
    public Action<string> Log { get; init; } = _ => { };
    /// <summary>Hears BuildKit builds' steps with the service's name, even with <see cref="QuietBuild"/> (a failed step's output is still shown); null: they come as <see cref="Log"/> lines.</summary>
    public Action<string, BuildStepEvent>? BuildSteps { get; init; }
    /// <summary>--quiet-build: the builder's output is dropped (pulls still report).</summary>
    public bool QuietBuild { get; init; }

    public BuildOptions Build { get; init; } = new();

    /// <summary>How a long operation (a rollout) says where it is.</summary>
    public Action<Operation, string> Progress { get; init; } = (_, _) => { };

    /// <summary>The agent owns restarts of what this runner creates.</summary>
    public bool SupervisedRestarts { get; init; }

    /// <summary>--quiet-pull: a pull's layer-by-layer progress is not logged (its start and end still show).</summary>
    public bool QuietPull { get; init; }

    private LifecycleHooks Hooks => _hooks ??= new(engine, project);
    private LifecycleHooks? _hooks;

    private ContainerSpecFactory Specs => _specs ??= new(project) { SupervisedRestarts = SupervisedRestarts };
    private ContainerSpecFactory? _specs;

    public Task RunAsync(Operation operation, CancellationToken cancellationToken) => operation.Kind switch
    {
        OperationKind.CreateNetwork => CreateNetworkAsync(operation.Subject, cancellationToken),
        OperationKind.CreateVolume => CreateVolumeAsync(operation.Subject, cancellationToken),
        OperationKind.BuildImage => new ImageBuilder(engine, project, QuietBuild ? _ => { } : Log, BuildSteps).BuildAsync(Service(operation), operation.Subject, Build, cancellationToken),
        OperationKind.PullImage => engine.PullImageAsync(operation.Subject, p => { if (!QuietPull) Log(p); }, cancellationToken),
        OperationKind.StopContainer => StopContainerAsync(operation, cancellationToken),
        OperationKind.RemoveContainer => engine.RemoveContainerAsync(operation.ContainerId ?? operation.Subject, force: true, volumes: RemoveVolumes, cancellationToken),
        OperationKind.CreateContainer => CreateContainerAsync(operation, cancellationToken),
        OperationKind.StartContainer => StartContainerAsync(operation, cancellationToken),
        OperationKind.AwaitService => new ServiceConditionWaiter(engine, project.Name).WaitAsync(operation.Subject, operation.Condition, AwaitTimeout, cancellationToken),
        OperationKind.RollOut => RollOutAsync(operation, cancellationToken),
        OperationKind.RenameContainer => engine.RenameContainerAsync(operation.ContainerId ?? operation.Subject, operation.NewName!, cancellationToken),
        OperationKind.RemoveNetwork => RemoveNetworkAsync(operation, cancellationToken),
        OperationKind.RemoveVolume => RemoveVolumeAsync(operation.Subject, cancellationToken),
        OperationKind.RemoveImage => RemoveImageAsync(operation.Subject, cancellationToken),
        _ => throw new NotSupportedException(operation.Kind.ToString()),
    };

    /// <summary>Container name of a service's first replica: what links and network_mode: service:X point at.</summary>
    public string FirstContainerOf(string service) =>
        (project.Services.TryGetValue(service, out var config) ? config.ContainerName : null) ?? project.DefaultContainerName(service, 1);

    private ServiceConfig Service(Operation operation) => project.Services[operation.Service!];

    private int GraceSeconds(Operation operation) =>
        StopTimeout ?? StopGrace.Seconds(operation.Service is { } s && project.Services.TryGetValue(s, out var config)
            ? StopGrace.Of(config) : StopGrace.Default);

    /// <summary>Started, then its post_start hooks run (a failing one fails the start, as in docker compose).</summary>
    private async Task StartContainerAsync(Operation operation, CancellationToken cancellationToken)
    {
        var id = operation.ContainerId ?? operation.Subject;
        await engine.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
        await Hooks.AfterStartAsync(operation.Service, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Its pre_stop hooks first (stop, down and recreate all come here), then the stop.</summary>
    private async Task StopContainerAsync(Operation operation, CancellationToken cancellationToken)
    {
        var id = operation.ContainerId ?? operation.Subject;
        await Hooks.BeforeStopAsync(operation.Service, id, cancellationToken).ConfigureAwait(false);
        await engine.StopContainerAsync(id, GraceSeconds(operation), cancellationToken).ConfigureAwait(false);
    }

    private Task CreateContainerAsync(Operation operation, CancellationToken cancellationToken) =>
        CreateContainerAsync(operation.Service!, operation.Number, operation.Subject, cancellationToken, operation.InheritedVolumes);

    /// <summary>Gone already is what was wanted: the engine removes a container's anonymous volumes with it (down -v).</summary>
    private async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        try { await engine.RemoveVolumeAsync(name, cancellationToken).ConfigureAwait(false); }
        catch (EngineNotFoundException) { }
    }

    /// <summary>Creates a replica, connects its other networks and copies inline configs in; returns its id.</summary>
    private async Task<string> CreateContainerAsync(string serviceName, int number, string name, CancellationToken cancellationToken,
        IReadOnlyCollection<AnonymousVolume>? inherited = null)
    {
        var service = project.Services[serviceName];
        var wanted = desired.Find(service.Name)!;
        var request = Specs.Create(service, number, wanted.ConfigHash, wanted.Image, FirstContainerOf);
        AnonymousVolumeCarry.Apply(request, inherited ?? []);
        string id;
        try
        {
            id = await engine.CreateContainerAsync(name, request, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineConflictException)
        {
            // Another composer made it between our look and our create: the same replica is ours to use.
            return await CreatedMeanwhile.ContainerAsync(engine, name, project.Name, serviceName, number, wanted.ConfigHash, cancellationToken).ConfigureAwait(false)
                ?? throw new EngineConflictException($"container name {name} is taken by a container that is not {serviceName} #{number} of project {project.Name} as configured now");
        }
        try
        {
            var links = ContainerSpecFactory.Links(service, FirstContainerOf);
            foreach (var (network, attachment) in Specs.OrderedNetworks(service).Skip(1))
                await engine.ConnectNetworkAsync(network, id, Specs.Endpoint(service, attachment, links), cancellationToken).ConfigureAwait(false);
            await new InlineFiles(engine, project).CopyAsync(service, id, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Half made (a network or an inline file missing) is not made: its config hash would pass
            // for done, and the rerun would start it so. Removed, the rerun creates it whole.
            try { await engine.RemoveContainerAsync(id, force: true, volumes: false, CancellationToken.None).ConfigureAwait(false); }
            catch (Exception error) when (error is EngineApiException or EngineUnavailableException) { }
            throw;
        }
        return id;
    }

    private Task RollOutAsync(Operation operation, CancellationToken cancellationToken)
    {
        var replicas = new EngineReplicas(engine, (service, number, name, token) => CreateContainerAsync(service, number, name, token),
            AwaitTimeout ?? ServiceConditionWaiter.DefaultBound)
        {
            AfterStart = (id, token) => Hooks.AfterStartAsync(operation.Service, id, token),
            BeforeStop = (id, token) => Hooks.BeforeStopAsync(operation.Service, id, token),
        };
        var rollout = new ServiceRollout(replicas, TimeProvider.System, state => Progress(operation, state));
        var plan = operation.Rollout!;
        // `up -t` sets every stop's grace, a rollout's included, as it does for stop-first.
        if (StopTimeout is { } seconds) plan = plan with { Settings = plan.Settings with { StopGrace = TimeSpan.FromSeconds(seconds) } };
        return rollout.RunAsync(plan, cancellationToken);
    }

    private async Task CreateNetworkAsync(string name, CancellationToken cancellationToken)
    {
        var network = project.Networks.Values.First(n => n.Name == name);
        var labels = new Dictionary<string, string>(network.Labels)
        {
            [ComposeLabels.Project] = project.Name,
            [ComposeLabels.Network] = network.Key,
            [ComposeLabels.Version] = ComposeLabels.CompatibleVersion,
        };
        string id;
        try
        {
            id = await engine.CreateNetworkAsync(Request(network, name, labels), cancellationToken).ConfigureAwait(false);
        }
        catch (EngineConflictException)
        {
            // Another composer's, made since we looked: as good as ours.
            if (await CreatedMeanwhile.NetworkAsync(engine, name, cancellationToken).ConfigureAwait(false)) return;
            throw;
        }
        await NetworkDuplicates.SettleCreatedAsync(engine, name, id, cancellationToken).ConfigureAwait(false);
    }

    private static NetworkCreateRequest Request(NetworkConfig network, string name, Dictionary<string, string> labels) =>
        new()
        {
            Name = name,
            Driver = network.Driver ?? "bridge",
            Internal = network.Internal,
            Attachable = network.Attachable,
            EnableIPv6 = network.EnableIpv6,
            Labels = labels,
            Options = network.DriverOpts.IsEmpty ? null : new Dictionary<string, string>(network.DriverOpts),
            IPAM = network.Ipam is null ? null : new NetworkIpam
            {
                Driver = network.Ipam.Driver,
                Config = [.. network.Ipam.Config.Select(c => new NetworkIpamPool { Subnet = c.Subnet, IPRange = c.IpRange, Gateway = c.Gateway })],
            },
            CheckDuplicate = true,
        };

    /// <summary>Every network of the project under the name: duplicates left by racing creates go too (by name the engine calls them ambiguous).</summary>
    /// <summary>
    /// A network something still uses (an orphan left by `down` without --remove-orphans, another
    /// project's container) stays, with a word, as docker compose leaves it; the rest of `down` goes on.
    /// </summary>
    private async Task RemoveNetworkAsync(Operation operation, CancellationToken cancellationToken)
    {
        var name = operation.Subject;
        var named = await engine.ListNetworksNamedAsync(name, cancellationToken).ConfigureAwait(false);
        var ours = named.Where(n => n.Labels?.GetValueOrDefault(ComposeLabels.Project) == project.Name).ToList();
        foreach (var network in ours.Count <= 1 ? [name] : ours.Select(n => n.Id))
        {
            var inUse = await engine.InspectNetworkAsync(network, cancellationToken).ConfigureAwait(false) is { Containers.Count: > 0 };
            if (inUse) { Progress(operation, "Resource is still in use"); continue; }
            await engine.RemoveNetworkAsync(network, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CreateVolumeAsync(string name, CancellationToken cancellationToken)
    {
        var volume = project.Volumes.Values.First(v => v.Name == name);
        var labels = new Dictionary<string, string>(volume.Labels)
        {
            [ComposeLabels.Project] = project.Name,
            [ComposeLabels.Volume] = volume.Key,
            [ComposeLabels.Version] = ComposeLabels.CompatibleVersion,
        };
        try
        {
            await engine.CreateVolumeAsync(new VolumeCreateRequest
            {
                Name = name,
                Driver = volume.Driver ?? "local",
                DriverOpts = volume.DriverOpts.IsEmpty ? null : new Dictionary<string, string>(volume.DriverOpts),
                Labels = labels,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineConflictException)
        {
            // Made by another composer since we looked (the engine answers 409 when its driver differs): it holds the data, keep it.
            if (!await CreatedMeanwhile.VolumeAsync(engine, name, cancellationToken).ConfigureAwait(false)) throw;
        }
    }

    private async Task RemoveImageAsync(string image, CancellationToken cancellationToken)
    {
        try { await engine.RemoveImageAsync(image, cancellationToken).ConfigureAwait(false); }
        catch (EngineNotFoundException) { }
    }
}

public sealed record BuildOptions
{
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    /// <summary>`build -m`: memory limit of the build's containers, in bytes.</summary>
    public long? Memory { get; init; }
}
