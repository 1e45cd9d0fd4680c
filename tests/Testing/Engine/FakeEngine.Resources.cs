using System.Net;
using System.Security.Cryptography;
using System.Text;
using Composer.Engine;

namespace Composer.Testing;

public sealed partial class FakeEngine
{
    // ---- set-up (no engine call is recorded) ----

    /// <summary>An image present on the engine (as if pulled earlier); its containers behave as <paramref name="behaviour"/> says.</summary>
    public FakeImage AddImage(string reference, ImageBehaviour? behaviour = null)
    {
        lock (_lock) return AddImageLocked(reference, behaviour);
    }

    /// <summary>A network made outside the code under test (external, or an earlier run).</summary>
    public void AddNetwork(string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        lock (_lock) _networks[name] = new NetworkSummary { Id = NewId(), Name = name, Driver = "bridge", Labels = labels is null ? [] : new(labels) };
    }

    public void AddVolume(string name, IReadOnlyDictionary<string, string>? labels = null)
    {
        lock (_lock) _volumes[name] = new VolumeSummary { Name = name, Driver = "local", Labels = labels is null ? [] : new(labels) };
    }

    // ---- networks ----

    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken)
    {
        var filters = labelFilters.ToList();
        var lost = await EnterAsync("ListNetworks", null, string.Join(',', filters), cancellationToken);
        List<NetworkSummary> found;
        lock (_lock) found = [.. _networks.Values.Where(n => MatchesLabels(n.Labels, filters)).Select(NetworkView)];
        Leave(lost);
        return found;
    }

    /// <summary>Networks here are keyed by name, so this fake never holds two of one name (the real engine can).</summary>
    public async Task<IReadOnlyList<NetworkSummary>> ListNetworksNamedAsync(string name, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("ListNetworksNamed", name, "", cancellationToken);
        List<NetworkSummary> found;
        lock (_lock) found = [.. _networks.Values.Where(n => n.Name == name).Select(NetworkView)];
        Leave(lost);
        return found;
    }

    public async Task<NetworkSummary> InspectNetworkAsync(string name, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("InspectNetwork", name, "", cancellationToken);
        NetworkSummary network;
        lock (_lock) network = NetworkView(ExistingNetwork(name));
        Leave(lost);
        return network;
    }

    public async Task<string> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("CreateNetwork", request.Name, request.Driver ?? "", cancellationToken);
        string id;
        lock (_lock)
        {
            if (_networks.ContainsKey(request.Name)) throw new EngineConflictException($"network with name {request.Name} already exists");
            id = NewId();
            _networks[request.Name] = new NetworkSummary
            {
                Id = id, Name = request.Name, Driver = request.Driver ?? "bridge", Internal = request.Internal == true,
                Labels = request.Labels is null ? [] : new(request.Labels),
            };
            Publish(NetworkEvent(request.Name, "create", null));
        }
        Leave(lost);
        return id;
    }

    public async Task RemoveNetworkAsync(string name, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("RemoveNetwork", name, "", cancellationToken);
        lock (_lock)
        {
            var network = ExistingNetwork(name);
            if (_containers.Values.Any(c => c.Networks.ContainsKey(network.Name)))
                throw new EngineApiException(HttpStatusCode.Forbidden, $"error while removing network: network {name} id {network.Id} has active endpoints");
            _networks.Remove(network.Name);
            Publish(NetworkEvent(network.Name, "destroy", null));
        }
        Leave(lost);
    }

    public async Task ConnectNetworkAsync(string network, string containerId, EndpointSettings? endpoint, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("ConnectNetwork", network, NameOf(containerId), cancellationToken);
        lock (_lock)
        {
            var found = ExistingNetwork(network);
            var container = Existing(containerId);
            if (container.Networks.ContainsKey(found.Name))
                throw new EngineApiException(HttpStatusCode.Forbidden, $"endpoint with name {container.Name} already exists in network {found.Name}");
            container.Networks[found.Name] = endpoint ?? new EndpointSettings();
            Publish(NetworkEvent(found.Name, "connect", container.Id));
        }
        Leave(lost);
    }

    public async Task DisconnectNetworkAsync(string network, string containerId, bool force, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("DisconnectNetwork", network, NameOf(containerId), cancellationToken);
        lock (_lock)
        {
            var found = ExistingNetwork(network);
            var container = Existing(containerId);
            if (!container.Networks.Remove(found.Name))
                throw new EngineApiException(HttpStatusCode.Forbidden, $"container {container.Id} is not connected to network {found.Name}");
            Publish(NetworkEvent(found.Name, "disconnect", container.Id));
        }
        Leave(lost);
    }

    // ---- volumes ----

    public async Task<IReadOnlyList<VolumeSummary>> ListVolumesAsync(IEnumerable<string> labelFilters, CancellationToken cancellationToken)
    {
        var filters = labelFilters.ToList();
        var lost = await EnterAsync("ListVolumes", null, string.Join(',', filters), cancellationToken);
        List<VolumeSummary> found;
        lock (_lock) found = [.. _volumes.Values.Where(v => MatchesLabels(v.Labels, filters)).Select(VolumeView)];
        Leave(lost);
        return found;
    }

    public async Task<VolumeSummary> InspectVolumeAsync(string name, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("InspectVolume", name, "", cancellationToken);
        VolumeSummary volume;
        lock (_lock) volume = VolumeView(_volumes.GetValueOrDefault(name) ?? throw new EngineNotFoundException($"get {name}: no such volume"));
        Leave(lost);
        return volume;
    }

    /// <summary>As the engine: creating a volume that exists answers with the existing one.</summary>
    public async Task<VolumeSummary> CreateVolumeAsync(VolumeCreateRequest request, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("CreateVolume", request.Name, request.Driver ?? "", cancellationToken);
        VolumeSummary volume;
        lock (_lock)
        {
            if (!_volumes.TryGetValue(request.Name, out var existing))
            {
                _volumes[request.Name] = existing = new VolumeSummary
                {
                    Name = request.Name, Driver = request.Driver ?? "local", Mountpoint = $"/var/lib/docker/volumes/{request.Name}/_data",
                    Labels = request.Labels is null ? [] : new(request.Labels),
                };
                Publish(new EngineEvent { Type = "volume", Action = "create", Actor = new EventActor { ID = request.Name, Attributes = [] } });
            }
            volume = VolumeView(existing);
        }
        Leave(lost);
        return volume;
    }

    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("RemoveVolume", name, "", cancellationToken);
        lock (_lock)
        {
            if (!_volumes.ContainsKey(name)) throw new EngineNotFoundException($"get {name}: no such volume");
            if (_containers.Values.Any(c => c.Config.HostConfig?.Mounts?.Any(m => m.Type == "volume" && m.Source == name) == true))
                throw new EngineConflictException($"remove {name}: volume is in use");
            _volumes.Remove(name);
            Publish(new EngineEvent { Type = "volume", Action = "destroy", Actor = new EventActor { ID = name, Attributes = [] } });
        }
        Leave(lost);
    }

    // ---- images ----

    public async Task<IReadOnlyList<ImageSummary>> ListImagesAsync(CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("ListImages", null, "", cancellationToken);
        List<ImageSummary> found;
        lock (_lock)
        {
            found = [.. _images.Values.GroupBy(i => i.Id)
                .Select(g => new ImageSummary { Id = g.Key, RepoTags = [.. g.Select(i => i.Reference).Order(StringComparer.Ordinal)], Labels = [] })];
        }
        Leave(lost);
        return found;
    }

    public async Task<ImageInspect> InspectImageAsync(string reference, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("InspectImage", reference, "", cancellationToken);
        ImageInspect inspect;
        lock (_lock)
        {
            var image = Image(reference) ?? throw new EngineNotFoundException($"No such image: {reference}");
            inspect = new ImageInspect { Id = image.Id, RepoTags = [.. _images.Values.Where(i => i.Id == image.Id).Select(i => i.Reference)] };
        }
        Leave(lost);
        return inspect;
    }

    /// <summary>Any reference pulls (plan a fault to make one fail); a pulled image keeps the behaviour it was added with.</summary>
    public async Task PullImageAsync(string reference, Action<string> progress, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("PullImage", reference, "", cancellationToken);
        lock (_lock) if (Image(reference) is null) AddImageLocked(reference, null);
        progress($"{Normalize(reference)}: Pulled");
        Leave(lost);
    }

    /// <summary>Pushes nowhere: a present image "pushes" (plan a fault to make one fail), a missing one fails as the engine does.</summary>
    public async Task PushImageAsync(string reference, string registryAuth, Action<string> progress, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("PushImage", reference, "", cancellationToken);
        lock (_lock) if (Image(reference) is null) throw new EngineNotFoundException($"No such image: {reference}");
        progress($"{Normalize(reference)}: Pushed");
        Leave(lost);
    }

    /// <summary>No registry behind the fake: the verbs that ask for digests are tested against the real one.</summary>
    public Task<string> RegistryDigestAsync(string reference, string registryAuth, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the fake engine has no registry");

    private readonly List<ImageBuildRequest> _buildRequests = [];

    /// <summary>Every build asked for, in order, with its options as the engine client would send them.</summary>
    public IReadOnlyList<ImageBuildRequest> BuildRequests
    {
        get { lock (_lock) return [.. _buildRequests]; }
    }

    /// <summary>Builds nothing: tags a new image id (a new one each build, as a changed build would give).</summary>
    public async Task<string?> BuildImageAsync(string contextDirectory, ImageBuildRequest request, Action<string> progress, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("BuildImage", request.Tags.FirstOrDefault(), contextDirectory, cancellationToken);
        var id = "sha256:" + NewId();
        lock (_lock)
        {
            _buildRequests.Add(request);
            foreach (var tag in request.Tags)
                _images[Normalize(tag)] = new FakeImage(id, Normalize(tag), Image(tag)?.Behaviour ?? ImageBehaviour.KeepsRunning);
        }
        progress("Successfully built " + id[7..19]);
        Leave(lost);
        return id;
    }

    public async Task TagImageAsync(string reference, string repository, string tag, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("TagImage", reference, $"{repository}:{tag}", cancellationToken);
        lock (_lock)
        {
            var image = Image(reference) ?? throw new EngineNotFoundException($"No such image: {reference}");
            _images[Normalize($"{repository}:{tag}")] = image with { Reference = Normalize($"{repository}:{tag}") };
        }
        Leave(lost);
    }

    public async Task RemoveImageAsync(string reference, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("RemoveImage", reference, "", cancellationToken);
        lock (_lock)
        {
            var image = Image(reference) ?? throw new EngineNotFoundException($"No such image: {reference}");
            if (_containers.Values.FirstOrDefault(c => c.ImageId == image.Id) is { } user)
                throw new EngineConflictException($"conflict: unable to remove repository reference \"{reference}\" (must force) - container {user.Id[..12]} is using its referenced image");
            _images.Remove(image.Reference);
        }
        Leave(lost);
    }

    // ---- inside the lock ----

    private FakeImage? Image(string reference) => _images.GetValueOrDefault(Normalize(reference));

    private FakeImage AddImageLocked(string reference, ImageBehaviour? behaviour)
    {
        // The same reference always has the same id, so a re-pull changes nothing, as for an unchanged registry image.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(reference))));
        var image = new FakeImage("sha256:" + hash, Normalize(reference), behaviour ?? ImageBehaviour.KeepsRunning);
        _images[image.Reference] = image;
        return image;
    }

    /// <summary>"busybox" and "busybox:latest" are one image; a registry's port is not a tag.</summary>
    private static string Normalize(string reference)
    {
        if (reference.Contains('@', StringComparison.Ordinal)) return reference;
        var lastSlash = reference.LastIndexOf('/');
        return reference.IndexOf(':', lastSlash + 1) >= 0 ? reference : reference + ":latest";
    }

    private NetworkSummary ExistingNetwork(string nameOrId) =>
        _networks.GetValueOrDefault(nameOrId) ?? _networks.Values.FirstOrDefault(n => n.Id == nameOrId)
        ?? throw new EngineNotFoundException($"network {nameOrId} not found");

    private NetworkSummary NetworkView(NetworkSummary n) => new()
    {
        Id = n.Id, Name = n.Name, Driver = n.Driver, Internal = n.Internal, Labels = n.Labels is null ? null : new(n.Labels),
        Containers = _containers.Values.Where(c => c.Networks.ContainsKey(n.Name))
            .ToDictionary(c => c.Id, c => new NetworkContainer { Name = c.Name }),
    };

    private static VolumeSummary VolumeView(VolumeSummary v) => new()
    {
        Name = v.Name, Driver = v.Driver, Mountpoint = v.Mountpoint, Labels = v.Labels is null ? null : new(v.Labels),
    };
}
