using Composer.Engine;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests.Swarm;

/// <summary>
/// Makes the engine a single-node swarm for the tests of the "Swarm" collection and leaves it
/// afterwards. Swarm mode is engine-wide, so every test that needs it is in that one collection
/// (one init, one leave, never two at once). The swarm carries <see cref="OwnerLabel"/>: a swarm
/// with it is a leftover of a test run that was killed before its leave (the engine keeps swarm
/// state across restarts), and is left; any other swarm is not ours to change, and that is a
/// failure with the reason, not a silent reuse. The leave also breaks name resolution in every
/// other running container's networks (dockerd 20.10), so scripts/test runs this category alone,
/// after the rest.
/// </summary>
public sealed class SwarmFixture : IAsyncLifetime
{
    public const string OwnerLabel = "com.composer.tests.swarm";

    public EngineClient Client { get; } = EngineClient.FromEnvironment();

    public async Task InitializeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        if (await ExistingSwarmAsync(limit.Token) is { } existing)
        {
            if (existing.Spec?.Labels?.ContainsKey(OwnerLabel) != true)
                throw new InvalidOperationException(
                    $"The engine is already part of swarm {existing.ID}, which these tests did not make. The swarm tests create " +
                    "and leave their own swarm; leave the existing one first (docker swarm leave --force) or run these tests elsewhere.");
            await Client.LeaveSwarmAsync(force: true, limit.Token);
        }
        await Client.InitSwarmAsync(new SwarmInitRequest
        {
            ListenAddr = "127.0.0.1:2377",
            AdvertiseAddr = "127.0.0.1",
            Spec = new SwarmSpec { Name = "default", Labels = new() { [OwnerLabel] = "true" } },
        }, limit.Token);
    }

    private async Task<SwarmInspect?> ExistingSwarmAsync(CancellationToken cancellationToken)
    {
        try { return await Client.InspectSwarmAsync(cancellationToken); }
        catch (SwarmUnavailableException) { return null; }
    }

    public async Task DisposeAsync()
    {
        await Client.LeaveSwarmAsync(force: true, CancellationToken.None);
        Client.Dispose();
    }
}

[CollectionDefinition("Swarm")]
public sealed class SwarmCollection : ICollectionFixture<SwarmFixture>;

/// <summary>A stack with a unique name in a temporary folder; disposing removes it (composer first, the docker CLI as a fallback).</summary>
public sealed class TempStack : IAsyncDisposable
{
    public TempStack(string composeYaml)
    {
        Name = "st" + Guid.NewGuid().ToString("N")[..10];
        Directory = System.IO.Directory.CreateTempSubdirectory("composer-stack-").FullName;
        Write("compose.yaml", composeYaml);
    }

    public string Name { get; }
    public string Directory { get; }

    public void Write(string relativePath, string content) => File.WriteAllText(Path.Combine(Directory, relativePath), content);

    public Task<ProcessResult> ComposerAsync(params string[] args) => ComposerCli.RunAsync(Directory, args);

    public async Task<ProcessResult> DeployAsync(params string[] extra) =>
        (await ComposerAsync(["stack", "deploy", "-c", "compose.yaml", .. extra, Name])).EnsureSuccess("composer stack deploy");

    public string Service(string service) => $"{Name}_{service}";

    /// <summary>Id of a running task container of a service (the docker CLI as witness).</summary>
    public async Task<string> TaskContainerAsync(string service)
    {
        var ids = await Docker.RunAsync("ps", "-q", "--filter", $"label=com.docker.swarm.service.name={Service(service)}");
        return ids.Split('\n', StringSplitOptions.RemoveEmptyEntries).First();
    }

    public async ValueTask DisposeAsync()
    {
        await ComposerAsync("stack", "rm", Name);
        await Docker.TryAsync("stack", "rm", Name);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
