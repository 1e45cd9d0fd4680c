using Composer.Engine;

namespace Composer.Engine.Tests.Integration;

/// <summary>
/// A client for the real engine (CI starts one with scripts/engine) and resource names unique to
/// one test, with cleanup by name prefix. No engine is a failure here, never a skip.
/// </summary>
public sealed class EngineScope : IAsyncDisposable
{
    public EngineScope()
    {
        Prefix = "ctest" + Guid.NewGuid().ToString("N")[..8];
        Client = EngineClient.FromEnvironment();
    }

    public EngineClient Client { get; }
    public string Prefix { get; }
    public CancellationToken Timeout { get; } = new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    public const string Idle = "trap 'exit 0' TERM; sleep 3600 & wait";

    public string Name(string suffix) => $"{Prefix}-{suffix}";

    public Task<string> CreateBusyboxAsync(string name, string script, Action<ContainerCreateRequest>? configure = null)
    {
        var request = new ContainerCreateRequest
        {
            Image = "busybox:latest",
            Cmd = ["sh", "-c", script],
            Labels = new() { ["composer.test"] = Prefix },
            HostConfig = new HostConfig(),
        };
        configure?.Invoke(request);
        return Client.CreateContainerAsync(Name(name), request, Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        var none = CancellationToken.None;
        foreach (var c in await Client.ListContainersAsync(true, [$"composer.test={Prefix}"], none))
            await Client.RemoveContainerAsync(c.Id, force: true, volumes: true, none);
        foreach (var n in await Client.ListNetworksAsync([$"composer.test={Prefix}"], none))
            await Client.RemoveNetworkAsync(n.Id, none);
        foreach (var v in await Client.ListVolumesAsync([$"composer.test={Prefix}"], none))
            await Client.RemoveVolumeAsync(v.Name, none);
        foreach (var image in await Client.ListImagesAsync(none))
            if (image.RepoTags?.Any(t => t.StartsWith(Prefix, StringComparison.Ordinal)) == true)
                await Client.RemoveImageAsync(image.Id, none);
        Client.Dispose();
    }
}
