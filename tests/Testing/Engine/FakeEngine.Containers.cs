using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Composer.Engine;

namespace Composer.Testing;

public sealed partial class FakeEngine
{
    // ---- what a test makes containers do (no engine call is recorded) ----

    /// <summary>The container's process exits with <paramref name="exitCode"/>: `die`, as when it crashes or finishes.</summary>
    public void Exit(string nameOrId, int exitCode)
    {
        lock (_lock)
        {
            var container = Find(nameOrId) ?? throw new InvalidOperationException($"the fake has no container {nameOrId}");
            if (container.Running) Die(container, exitCode);
        }
    }

    /// <summary>The healthcheck's verdict changes (`health_status: ...`); an unhealthy one comes with a failing streak and a probe log.</summary>
    public void SetHealth(string nameOrId, string health)
    {
        lock (_lock)
        {
            var container = Find(nameOrId) ?? throw new InvalidOperationException($"the fake has no container {nameOrId}");
            container.Health = health;
            container.FailingStreak = health == "unhealthy" ? 3 : 0;
            Publish(ContainerEvent(container, "health_status: " + health));
        }
    }

    /// <summary>A container made outside the code under test (another tool, an earlier run), in the given state.</summary>
    public FakeContainer AddContainer(string name, IReadOnlyDictionary<string, string> labels, string status = "running", int exitCode = 0,
        string image = "busybox:latest", EngineRestartPolicy? restartPolicy = null, HealthConfig? healthcheck = null)
    {
        lock (_lock)
        {
            if (FindByName(name) is not null) throw new InvalidOperationException($"the fake has a container {name} already");
            var imageId = Image(image)?.Id ?? AddImageLocked(image, null).Id;
            var config = new ContainerCreateRequest { Image = image, Labels = new(labels), Healthcheck = healthcheck };
            var container = new FakeContainer(NewId(), name, config, imageId, Time.GetUtcNow())
            {
                Status = status,
                ExitCode = exitCode,
                RestartPolicy = restartPolicy ?? new EngineRestartPolicy(),
                StartedAt = status == "created" ? null : Time.GetUtcNow(),
                FinishedAt = status is "exited" or "dead" ? Time.GetUtcNow() : null,
                Health = healthcheck is null || status != "running" ? null : "starting",
            };
            _containers[container.Id] = container;
            return container;
        }
    }

    // ---- the API ----

    public async Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(bool all, IEnumerable<string> labelFilters, CancellationToken cancellationToken)
    {
        var filters = labelFilters.ToList();
        var lost = await EnterAsync("ListContainers", null, string.Join(',', filters), cancellationToken);
        List<ContainerSummary> found;
        lock (_lock)
        {
            found = [.. _containers.Values.Where(c => (all || c.Running) && MatchesLabels(c.Labels, filters))
                .OrderByDescending(c => c.Created).ThenByDescending(c => c.Id, StringComparer.Ordinal).Select(Summary)];
        }
        Leave(lost);
        return found;
    }

    public async Task<ContainerInspect> InspectContainerAsync(string id, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("InspectContainer", NameOf(id), "", cancellationToken);
        ContainerInspect inspect;
        lock (_lock) inspect = Inspect(Existing(id));
        Leave(lost);
        return inspect;
    }

    public async Task<string> CreateContainerAsync(string? name, ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("CreateContainer", name, request.Image ?? "", cancellationToken);
        string id;
        lock (_lock)
        {
            var containerName = name ?? $"fake_{_nextId + 1}";
            if (FindByName(containerName) is not null)
                throw new EngineConflictException($"Conflict. The container name \"/{containerName}\" is already in use by container \"{FindByName(containerName)!.Id}\".");
            var image = Image(request.Image ?? "") ?? throw new EngineNotFoundException($"No such image: {request.Image}");
            var networks = request.NetworkingConfig?.EndpointsConfig ?? [];
            foreach (var network in networks.Keys)
                if (!_networks.ContainsKey(network)) throw new EngineNotFoundException($"network {network} not found");
            // The engine makes a named volume a mount needs when it does not exist (unlabelled, so Compose would not call it its own).
            foreach (var mount in request.HostConfig?.Mounts ?? [])
                if (mount is { Type: "volume", Source: { Length: > 0 } source } && !_volumes.ContainsKey(source))
                    _volumes[source] = new VolumeSummary { Name = source, Driver = "local", Labels = [] };

            var copy = Copy(request);
            var container = new FakeContainer(NewId(), containerName, copy, image.Id, Time.GetUtcNow())
            {
                RestartPolicy = request.HostConfig?.RestartPolicy ?? new EngineRestartPolicy(),
            };
            foreach (var (network, endpoint) in networks) container.Networks[network] = endpoint;
            _containers[container.Id] = container;
            id = container.Id;
            Publish(ContainerEvent(container, "create"));
        }
        Leave(lost);
        return id;
    }

    public async Task StartContainerAsync(string id, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("StartContainer", NameOf(id), "", cancellationToken);
        lock (_lock) Start(Existing(id));
        Leave(lost);
    }

    public async Task StopContainerAsync(string id, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("StopContainer", NameOf(id), $"t={timeoutSeconds}", cancellationToken);
        lock (_lock)
        {
            var container = Existing(id);
            if (container.Running) // else 304: nothing to do, no event
            {
                Publish(ContainerEvent(container, "kill", ("signal", "15")));
                Die(container, 0); // a process that honours SIGTERM
                Publish(ContainerEvent(container, "stop"));
            }
        }
        Leave(lost);
    }

    public async Task RestartContainerAsync(string id, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("RestartContainer", NameOf(id), $"t={timeoutSeconds}", cancellationToken);
        lock (_lock)
        {
            var container = Existing(id);
            if (container.Running)
            {
                Publish(ContainerEvent(container, "kill", ("signal", "15")));
                Die(container, 0);
                Publish(ContainerEvent(container, "stop"));
            }
            Start(container);
            Publish(ContainerEvent(container, "restart"));
        }
        Leave(lost);
    }

    public async Task KillContainerAsync(string id, string signal, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("KillContainer", NameOf(id), signal, cancellationToken);
        lock (_lock)
        {
            var container = Existing(id);
            if (!container.Running) throw new EngineConflictException($"Cannot kill container: {id}: Container {container.Id} is not running");
            Publish(ContainerEvent(container, "kill", ("signal", signal)));
            // Every signal kills here (the fake's processes install no handlers): 128 + 9 for KILL, 128 + 15 otherwise.
            Die(container, signal is "SIGKILL" or "KILL" or "9" ? 137 : 143);
        }
        Leave(lost);
    }

    public async Task PauseContainerAsync(string id, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("PauseContainer", NameOf(id), "", cancellationToken);
        lock (_lock)
        {
            var container = Existing(id);
            if (container.Status != "running") throw new EngineConflictException($"Container {container.Id} is not running");
            container.Status = "paused";
            Publish(ContainerEvent(container, "pause"));
        }
        Leave(lost);
    }

    public async Task UnpauseContainerAsync(string id, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("UnpauseContainer", NameOf(id), "", cancellationToken);
        lock (_lock)
        {
            var container = Existing(id);
            if (container.Status != "paused") throw new EngineConflictException($"Container {container.Id} is not paused");
            container.Status = "running";
            Publish(ContainerEvent(container, "unpause"));
        }
        Leave(lost);
    }

    public async Task RemoveContainerAsync(string id, bool force, bool volumes, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("RemoveContainer", NameOf(id), force ? "force" : "", cancellationToken);
        lock (_lock)
        {
            var container = Existing(id);
            if (container.Running && !force)
                throw new EngineConflictException($"You cannot remove a running container {container.Id}. Stop the container before attempting removal or force remove");
            if (container.Running)
            {
                Publish(ContainerEvent(container, "kill", ("signal", "9")));
                Die(container, 137);
            }
            _containers.Remove(container.Id);
            foreach (var network in container.Networks.Keys) Publish(NetworkEvent(network, "disconnect", container.Id));
            Publish(ContainerEvent(container, "destroy"));
        }
        Leave(lost);
    }

    public async Task<long> WaitContainerAsync(string id, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("WaitContainer", NameOf(id), "", cancellationToken);
        Task<long> exited;
        lock (_lock)
        {
            var container = Existing(id);
            // condition=not-running: a container that does not run answers at once.
            exited = container.Running ? container.Exited.Task : Task.FromResult((long)container.ExitCode);
        }
        var code = await exited.WaitAsync(cancellationToken);
        Leave(lost);
        return code;
    }

    public async Task UpdateRestartPolicyAsync(string id, EngineRestartPolicy policy, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("UpdateRestartPolicy", NameOf(id), policy.Name, cancellationToken);
        lock (_lock)
        {
            var container = Existing(id);
            container.RestartPolicy = new EngineRestartPolicy { Name = policy.Name, MaximumRetryCount = policy.MaximumRetryCount };
            Publish(ContainerEvent(container, "update"));
        }
        Leave(lost);
    }

    public async Task RenameContainerAsync(string id, string newName, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("RenameContainer", NameOf(id), newName, cancellationToken);
        lock (_lock)
        {
            var container = Existing(id);
            if (FindByName(newName) is { } other && other != container)
                throw new EngineConflictException($"Conflict. The container name \"/{newName}\" is already in use by container \"{other.Id}\".");
            var old = container.Name;
            container.Name = newName;
            Publish(ContainerEvent(container, "rename", ("oldName", "/" + old)));
        }
        Leave(lost);
    }

    public async Task<TopResponse> TopContainerAsync(string id, CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("TopContainer", NameOf(id), "", cancellationToken);
        string command;
        lock (_lock)
        {
            var container = Existing(id);
            if (!container.Running) throw new EngineConflictException($"Container {container.Id} is not running");
            command = string.Join(' ', container.Config.Cmd ?? []);
        }
        Leave(lost);
        return new TopResponse { Titles = ["PID", "CMD"], Processes = [["1", command]] };
    }

    /// <summary>The container's output so far (its image's <see cref="ImageBehaviour.Output"/> once per run); `follow` is not simulated.</summary>
    public async IAsyncEnumerable<LogFrame> ContainerLogsAsync(string id, LogRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("ContainerLogs", NameOf(id), $"tail={request.Tail}", cancellationToken);
        string output;
        lock (_lock)
        {
            var container = Existing(id);
            var text = container.Run == 0 ? "" : string.Concat(Enumerable.Repeat(BehaviourOf(container).Output, container.Run));
            var lines = text.Split('\n');
            if (lines[^1].Length == 0) lines = lines[..^1];
            if (int.TryParse(request.Tail, NumberStyles.None, CultureInfo.InvariantCulture, out var tail) && tail < lines.Length) lines = lines[^tail..];
            output = lines.Length == 0 ? "" : string.Join('\n', lines) + "\n";
        }
        Leave(lost);
        if (output.Length > 0) yield return new LogFrame(LogStream.StdOut, Encoding.UTF8.GetBytes(output));
    }

    // ---- inside the lock ----

    private FakeContainer? Find(string nameOrId) =>
        _containers.GetValueOrDefault(nameOrId) ?? FindByName(nameOrId.TrimStart('/'))
        ?? (nameOrId.Length >= 12 ? _containers.Values.FirstOrDefault(c => c.Id.StartsWith(nameOrId, StringComparison.Ordinal)) : null);

    private FakeContainer? FindByName(string name) => _containers.Values.FirstOrDefault(c => c.Name == name);

    private FakeContainer Existing(string nameOrId) => Find(nameOrId) ?? throw new EngineNotFoundException($"No such container: {nameOrId}");

    /// <summary>What a call is about, for the record: the container's name when there is one.</summary>
    private string NameOf(string nameOrId)
    {
        lock (_lock) return Find(nameOrId)?.Name ?? nameOrId;
    }

    private void Start(FakeContainer container)
    {
        if (container.Running) return; // 304
        foreach (var network in container.Networks.Keys)
            if (!_networks.ContainsKey(network)) throw new EngineNotFoundException($"network {network} not found");
        container.Status = "running";
        container.ExitCode = 0;
        container.StartedAt = Time.GetUtcNow();
        container.Health = container.HasHealthcheck ? "starting" : null;
        container.FailingStreak = 0;
        container.Exited = FakeContainer.NewExit();
        var run = ++container.Run;
        Publish(ContainerEvent(container, "start"));

        var behaviour = BehaviourOf(container);
        if (behaviour.Health is { } health && container.HasHealthcheck) After(behaviour.HealthAfter, () =>
        {
            if (container.Run == run && container.Status == "running" && _containers.ContainsKey(container.Id))
            {
                container.Health = health;
                container.FailingStreak = health == "unhealthy" ? 3 : 0;
                Publish(ContainerEvent(container, "health_status: " + health));
            }
        });
        if (behaviour.ExitAfter is { } exitAfter) After(exitAfter, () =>
        {
            if (container.Run == run && container.Running) Die(container, behaviour.ExitCode);
        });
    }

    /// <summary>Runs <paramref name="action"/> under the lock after <paramref name="delay"/> on the fake's clock (at once for zero).</summary>
    private void After(TimeSpan delay, Action action)
    {
        if (delay <= TimeSpan.Zero) { action(); return; }
        _ = Task.Delay(delay, Time).ContinueWith(_ => { lock (_lock) action(); }, TaskScheduler.Default);
    }

    private void Die(FakeContainer container, int exitCode)
    {
        container.Status = "exited";
        container.ExitCode = exitCode;
        container.FinishedAt = Time.GetUtcNow();
        Publish(ContainerEvent(container, "die", ("exitCode", exitCode.ToString(CultureInfo.InvariantCulture))));
        container.Exited.TrySetResult(exitCode);
    }

    private ImageBehaviour BehaviourOf(FakeContainer container) =>
        _images.Values.FirstOrDefault(i => i.Id == container.ImageId)?.Behaviour ?? ImageBehaviour.KeepsRunning;

    private ContainerSummary Summary(FakeContainer c) => new()
    {
        Id = c.Id,
        Names = ["/" + c.Name],
        Image = c.Config.Image,
        ImageID = c.ImageId,
        Command = string.Join(' ', c.Config.Cmd ?? []),
        Created = c.Created.ToUnixTimeSeconds(),
        Labels = new(c.Labels),
        State = c.Status,
        Status = c.Status switch
        {
            "running" => c.Health is { } h ? $"Up ({h})" : "Up",
            "created" => "Created",
            "paused" => "Up (Paused)",
            _ => $"Exited ({c.ExitCode})",
        },
    };

    private ContainerInspect Inspect(FakeContainer c) => new()
    {
        Id = c.Id,
        Name = "/" + c.Name,
        Image = c.ImageId,
        RestartCount = c.RestartCount,
        Config = Copy(c.Config),
        HostConfig = new HostConfig
        {
            NetworkMode = c.Config.HostConfig?.NetworkMode,
            Mounts = c.Config.HostConfig?.Mounts,
            RestartPolicy = new EngineRestartPolicy { Name = c.RestartPolicy.Name, MaximumRetryCount = c.RestartPolicy.MaximumRetryCount },
        },
        NetworkSettings = new NetworkSettings { Networks = new(c.Networks) },
        State = new ContainerState
        {
            Status = c.Status,
            Running = c.Running,
            Paused = c.Status == "paused",
            Restarting = c.Status == "restarting",
            ExitCode = c.ExitCode,
            Pid = c.Running ? 4242 : 0,
            StartedAt = c.StartedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z",
            FinishedAt = c.FinishedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z",
            Health = c.Health is null ? null : new ContainerHealth
            {
                Status = c.Health,
                FailingStreak = c.FailingStreak,
                Log = c.FailingStreak > 0 ? [new HealthProbe { ExitCode = 1, Output = "injected probe failure" }] : [],
            },
        },
    };

    /// <summary>A copy of what the caller sent, so a caller changing its request later changes nothing here.</summary>
    private static ContainerCreateRequest Copy(ContainerCreateRequest r) => new()
    {
        Image = r.Image,
        Cmd = r.Cmd is null ? null : [.. r.Cmd],
        Entrypoint = r.Entrypoint is null ? null : [.. r.Entrypoint],
        Env = r.Env is null ? null : [.. r.Env],
        Labels = r.Labels is null ? null : new(r.Labels),
        Healthcheck = r.Healthcheck,
        Tty = r.Tty,
        OpenStdin = r.OpenStdin,
        WorkingDir = r.WorkingDir,
        User = r.User,
        Hostname = r.Hostname,
        StopSignal = r.StopSignal,
        StopTimeout = r.StopTimeout,
        HostConfig = r.HostConfig,
        NetworkingConfig = r.NetworkingConfig,
        ExposedPorts = r.ExposedPorts,
    };
}
