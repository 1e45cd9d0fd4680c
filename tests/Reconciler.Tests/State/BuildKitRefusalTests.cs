using Composer.Model;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Reconciler.Tests.Supervision;
using Composer.Testing;

namespace Composer.Reconciler.Tests.State;

/// <summary>
/// Build keys only BuildKit understands are refused when builds are planned, before any starts, at their
/// position; the ones the classic builder takes are carried to the engine's build request.
/// </summary>
public sealed class BuildKitRefusalTests
{
    private static Project Load(string build, string extra = "") => ProjectLoader.LoadText($"""
        services:
          app:
            build:
              context: {Path.GetTempPath()}
        {build}
          plain:
            build: {Path.GetTempPath()}
        {extra}
        """, "/tmp/buildkit/compose.yaml", projectName: "buildkit");

    private static async Task<(FakeEngine Engine, Exception? Error)> BuildAsync(Project project, params string[] services)
    {
        var engine = new FakeEngine();
        var reconciler = new ProjectReconciler(engine, project, SilentObserver.Instance);
        var error = await Record.ExceptionAsync(() => reconciler.EnsureImagesAsync(DesiredStateBuilder.Build(project, services), BuildPolicy.Always, CancellationToken.None));
        return (engine, error);
    }

    [Theory]
    [InlineData("      additional_contexts: [extra=./extra]", "", "additional_contexts")]
    [InlineData("      cache_to: [type=local,dest=/tmp/c]", "", "cache_to")]
    [InlineData("      entitlements: [network.host]", "", "entitlements")]
    [InlineData("      platforms: [linux/amd64, linux/arm64]", "", "platforms")]
    [InlineData("      privileged: true", "", "privileged")]
    [InlineData("      provenance: true", "", "provenance")]
    [InlineData("      sbom: true", "", "sbom")]
    public async Task A_buildkit_key_is_refused_at_its_position_and_nothing_is_built(string line, string extra, string key)
    {
        var (engine, error) = await BuildAsync(Load(line, extra), "app", "plain");
        var refusal = Assert.IsType<BuildKitRequiredException>(error);
        Assert.Equal($"/tmp/buildkit/compose.yaml:5:7: service 'app': build.{key} is not carried by composer's builds yet", refusal.Message[..(refusal.Message.IndexOf(" (", StringComparison.Ordinal))]);
        Assert.Empty(engine.CallsOf("BuildImage"));
    }

    [Fact]
    public async Task Every_refused_key_of_every_service_is_named_at_once()
    {
        var project = Load("      sbom: true\n      privileged: true");
        var (_, error) = await BuildAsync(project, "app");
        var lines = Assert.IsType<BuildKitRequiredException>(error).Message.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("/tmp/buildkit/compose.yaml:6:7: service 'app': build.privileged", lines[0]);
        Assert.StartsWith("/tmp/buildkit/compose.yaml:5:7: service 'app': build.sbom", lines[1]);
    }

    [Fact]
    public async Task A_service_that_is_not_built_is_not_refused()
    {
        var (engine, error) = await BuildAsync(Load("      sbom: true"), "plain");
        Assert.Null(error);
        Assert.Single(engine.CallsOf("BuildImage"));
    }

    [Fact]
    public async Task The_classic_builder_keys_reach_the_engine()
    {
        var (engine, error) = await BuildAsync(Load("""
                  isolation: default
                  shm_size: 1m
                  cache_from: [cache/app:1]
                  extra_hosts: ["registry.local=10.0.0.5"]
                  platforms: [linux/arm64]
                  ulimits:
                    nofile: {soft: 1024, hard: 2048}
                    nproc: 512
            """), "app");
        Assert.Null(error);
        var request = Assert.Single(engine.BuildRequests);
        Assert.Equal("default", request.Isolation);
        Assert.Equal(1024 * 1024, request.ShmSize);
        Assert.Equal(["cache/app:1"], request.CacheFrom);
        Assert.Equal(["registry.local:10.0.0.5"], request.ExtraHosts);
        Assert.Equal("linux/arm64", request.Platform);
        Assert.Equal(["nofile 1024 2048", "nproc 512 512"], request.Ulimits.Select(u => $"{u.Name} {u.Soft} {u.Hard}"));
    }

    [Fact]
    public async Task The_services_platform_is_the_one_built_for()
    {
        var project = ProjectLoader.LoadText($"services:\n  app:\n    platform: linux/arm64\n    build: {Path.GetTempPath()}\n", "/tmp/buildkit/compose.yaml", projectName: "buildkit");
        var (engine, error) = await BuildAsync(project, "app");
        Assert.Null(error);
        Assert.Equal("linux/arm64", Assert.Single(engine.BuildRequests).Platform);
    }
}
