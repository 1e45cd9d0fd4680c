using Composer.Engine;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests.Swarm;

/// <summary>Our engine client's swarm calls against the real single-node swarm (the docker CLI as witness where it helps).</summary>
[Collection("Swarm")]
[Trait("Category", "Swarm")]
public sealed class SwarmClientTests(SwarmFixture swarm)
{
    private readonly EngineClient _client = swarm.Client;
    private readonly string _prefix = "sct" + Guid.NewGuid().ToString("N")[..8];
    private readonly CancellationToken _timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task Inspect_gives_join_tokens_and_nodes_list_this_manager()
    {
        var inspect = await _client.InspectSwarmAsync(_timeout);
        Assert.StartsWith("SWMTKN-1-", inspect.JoinTokens?.Worker);
        Assert.StartsWith("SWMTKN-1-", inspect.JoinTokens?.Manager);
        Assert.Equal(await Docker.RunAsync("swarm", "join-token", "-q", "worker"), inspect.JoinTokens!.Worker);

        var node = Assert.Single(await _client.ListNodesAsync(_timeout));
        Assert.Equal("manager", node.Spec?.Role);
        Assert.True(node.ManagerStatus?.Leader);
        Assert.Equal("ready", node.Status?.State);
    }

    [Fact]
    public async Task Configs_and_secrets_are_created_listed_by_label_and_removed()
    {
        var labels = new Dictionary<string, string> { ["test"] = _prefix };
        var configId = await _client.CreateConfigAsync(new SwarmObjectSpec { Name = _prefix + "-c", Labels = labels, Data = "conf"u8.ToArray() }, _timeout);
        var secretId = await _client.CreateSecretAsync(new SwarmObjectSpec { Name = _prefix + "-s", Labels = labels, Data = "sec"u8.ToArray() }, _timeout);
        try
        {
            var config = Assert.Single(await _client.ListConfigsAsync([$"test={_prefix}"], _timeout));
            Assert.Equal(configId, config.ID);
            Assert.Equal("conf", System.Text.Encoding.UTF8.GetString(config.Spec!.Data!));
            Assert.Equal(secretId, Assert.Single(await _client.ListSecretsAsync([$"test={_prefix}"], _timeout)).ID);
        }
        finally
        {
            await _client.RemoveConfigAsync(configId, _timeout);
            await _client.RemoveSecretAsync(secretId, _timeout);
        }
        Assert.Empty(await _client.ListConfigsAsync([$"test={_prefix}"], _timeout));
        Assert.Empty(await _client.ListSecretsAsync([$"test={_prefix}"], _timeout));
    }

    [Fact]
    public async Task Service_lifecycle_create_update_with_version_tasks_logs_remove()
    {
        var network = await _client.CreateNetworkAsync(new NetworkCreateRequest
        {
            Name = _prefix + "-net", Driver = "overlay", Attachable = true, Labels = new() { ["test"] = _prefix },
        }, _timeout);
        var spec = new ServiceSpec
        {
            Name = _prefix + "-svc",
            Labels = new() { ["test"] = _prefix },
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new SwarmContainerSpec { Image = "busybox:latest", Args = ["sh", "-c", "echo hello-logs; trap 'exit 0' TERM; sleep 3600 & wait"] },
                Networks = [new NetworkAttachment { Target = _prefix + "-net" }],
            },
            Mode = new ServiceMode { Replicated = new ReplicatedMode { Replicas = 1 } },
        };
        var id = (await _client.CreateServiceAsync(spec, _timeout)).ID;
        try
        {
            Assert.Equal("overlay", (await _client.ListNetworksAsync([$"test={_prefix}"], _timeout)).Single().Driver);
            var running = await WaitAsync(async () =>
                (await _client.ListTasksAsync(new TaskFilters { Service = [id], DesiredState = ["running"] }, _timeout))
                .Where(t => t.Status?.State == "running").ToList() is { Count: 1 } list ? list : null);
            Assert.Equal(id, running[0].ServiceID);

            var logs = await WaitAsync(async () =>
            {
                var text = new System.Text.StringBuilder();
                await foreach (var frame in _client.ServiceLogsAsync(id, new LogRequest(), _timeout)) text.Append(System.Text.Encoding.UTF8.GetString(frame.Payload.Span));
                return text.ToString().Contains("hello-logs") ? text.ToString() : null;
            });
            Assert.Contains("hello-logs", logs);

            var before = await _client.InspectServiceAsync(id, _timeout);
            spec.Mode.Replicated!.Replicas = 2;
            await _client.UpdateServiceAsync(id, before.Version!.Index, spec, _timeout);
            var after = await _client.InspectServiceAsync(id, _timeout);
            Assert.True(after.Version!.Index > before.Version.Index);
            Assert.Equal(2, after.Spec!.Mode!.Replicated!.Replicas);
            // The old version index is stale now: the engine refuses rather than overwrite a newer spec.
            await Assert.ThrowsAnyAsync<EngineApiException>(() => _client.UpdateServiceAsync(id, before.Version.Index, spec, _timeout));
            Assert.Contains(await _client.ListServicesAsync([$"test={_prefix}"], _timeout), s => s.ID == id);
        }
        finally
        {
            await _client.RemoveServiceAsync(id, _timeout);
        }
        await Assert.ThrowsAsync<EngineNotFoundException>(() => _client.InspectServiceAsync(id, _timeout));
        await WaitAsync(async () =>
        {
            try { await _client.RemoveNetworkAsync(network, _timeout); return "removed"; }
            catch (EngineApiException) { return null; }
        });
    }

    private async Task<T> WaitAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not reached within 60 s");
            await Task.Delay(250, _timeout);
        }
    }
}
