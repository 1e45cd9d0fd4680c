using Composer.Engine;

namespace Composer.Engine.Tests.Unit;

/// <summary>POST /build's query string carries the classic builder's options as the docker CLI sends them.</summary>
public sealed class BuildQueryTests
{
    private static List<string> Query(ImageBuildRequest request) => EngineClient.BuildQuery(request, "Dockerfile");

    [Fact]
    public void Ulimits_go_as_a_json_array_of_name_soft_hard()
    {
        var query = Query(new ImageBuildRequest { Ulimits = [new EngineUlimit { Name = "nofile", Soft = 1024, Hard = 2048 }] });
        Assert.Contains("ulimits=" + Uri.EscapeDataString("""[{"Name":"nofile","Soft":1024,"Hard":2048}]"""), query);
    }

    [Fact]
    public void Cache_from_shm_size_extra_hosts_isolation_and_platform_are_sent()
    {
        var query = Query(new ImageBuildRequest
        {
            CacheFrom = ["cache/app:1", "cache/app:2"],
            ShmSize = 1048576,
            ExtraHosts = ["registry.local:10.0.0.5", "db:10.0.0.6"],
            Isolation = "default",
            Platform = "linux/arm64",
        });
        Assert.Contains("cachefrom=" + Uri.EscapeDataString("""["cache/app:1","cache/app:2"]"""), query);
        Assert.Contains("shmsize=1048576", query);
        Assert.Equal(["extrahosts=registry.local%3A10.0.0.5", "extrahosts=db%3A10.0.0.6"], query.Where(q => q.StartsWith("extrahosts=", StringComparison.Ordinal)));
        Assert.Contains("isolation=default", query);
        Assert.Contains("platform=linux%2Farm64", query);
    }

    [Fact]
    public void The_inline_cache_and_a_host_network_go_as_the_engine_reads_them()
    {
        // builder-next (v20.10) exports the inline cache when the build argument BUILDKIT_INLINE_CACHE is true, and asks for
        // the network.host entitlement when networkmode is host: these are compose's cache_to: [type=inline] and entitlements: [network.host].
        var query = Query(new ImageBuildRequest { BuildArgs = new Dictionary<string, string> { ["BUILDKIT_INLINE_CACHE"] = "1" }, NetworkMode = "host" });
        Assert.Contains("buildargs=" + Uri.EscapeDataString("""{"BUILDKIT_INLINE_CACHE":"1"}"""), query);
        Assert.Contains("networkmode=host", query);
    }

    [Fact]
    public void Nothing_unset_is_sent()
    {
        Assert.Equal(["dockerfile=Dockerfile", "rm=true", "forcerm=true"], Query(new ImageBuildRequest()));
    }
}
