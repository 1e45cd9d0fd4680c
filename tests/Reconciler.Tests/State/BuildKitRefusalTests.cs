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

    /// <summary>What the engine's POST /build cannot do: refused with the reason, at the key, before any build.</summary>
    [Theory]
    [InlineData("      additional_contexts: [extra=./extra]", "additional_contexts cannot be carried: the engine's POST /build, which composer builds through, has no way to pass named contexts, and Docker 20.10's built-in Dockerfile frontend (BuildKit 0.8) has none")]
    [InlineData("      additional_contexts:\n        base: service:plain", "additional_contexts cannot be carried: the engine's POST /build")]
    [InlineData("      additional_contexts: [img=docker-image://busybox:latest]", "additional_contexts cannot be carried: the engine's POST /build")]
    [InlineData("      cache_to: [\"type=local,dest=/tmp/c\"]", "cache_to 'type=local,dest=/tmp/c' cannot be carried: the local cache exporter is not reachable through the engine's POST /build, which exports build cache only inline")]
    [InlineData("      cache_to: [\"type=gha\"]", "cache_to 'type=gha' cannot be carried: the gha cache exporter")]
    [InlineData("      cache_to: [user/app:cache]", "cache_to 'user/app:cache' cannot be carried: the registry cache exporter")]
    [InlineData("      entitlements: [network.host]", "entitlements network.host cannot be carried: the engine's POST /build grants network.host only to a build whose network is host")]
    [InlineData("      entitlements: [security.insecure]", "entitlements security.insecure cannot be carried: the engine's POST /build has no way to ask for it, and Docker 20.10's built-in Dockerfile frontend (BuildKit 0.8) has no RUN --security=insecure")]
    [InlineData("      platforms: [linux/amd64, linux/arm64]", "platforms names 2 platforms (linux/amd64, linux/arm64): the engine's POST /build builds one, and its image store keeps one platform per tag")]
    [InlineData("      privileged: true", "privileged cannot be carried: a privileged build asks for the security.insecure entitlement, which the engine's POST /build has no way to ask for")]
    [InlineData("      provenance: true", "provenance cannot be carried: attestations need BuildKit 0.11 or newer driven by docker buildx")]
    [InlineData("      sbom: \"generator=x\"", "sbom cannot be carried: attestations need BuildKit 0.11 or newer")]
    public async Task What_the_engine_cannot_build_is_refused_with_why_at_its_position(string line, string reason)
    {
        var (engine, error) = await BuildAsync(Load(line), "app", "plain");
        var refusal = Assert.IsType<UnbuildableKeysException>(error);
        Assert.StartsWith($"/tmp/buildkit/compose.yaml:5:7: service 'app': build.{reason}", refusal.Message);
        Assert.Empty(engine.CallsOf("BuildImage"));
    }

    [Fact]
    public async Task An_inline_cache_export_becomes_the_engines_build_argument()
    {
        var (engine, error) = await BuildAsync(Load("      cache_to: [type=inline]"), "app");
        Assert.Null(error);
        Assert.Equal("1", Assert.Single(engine.BuildRequests).BuildArgs!["BUILDKIT_INLINE_CACHE"]);
    }

    [Fact]
    public async Task A_build_argument_of_the_users_own_is_not_overridden_by_the_inline_cache()
    {
        var (engine, error) = await BuildAsync(Load("      cache_to: [type=inline]\n      args: {BUILDKIT_INLINE_CACHE: \"true\"}"), "app");
        Assert.Null(error);
        Assert.Equal("true", Assert.Single(engine.BuildRequests).BuildArgs!["BUILDKIT_INLINE_CACHE"]);
    }

    [Fact]
    public async Task Without_cache_to_no_inline_cache_is_asked_for()
    {
        var (engine, _) = await BuildAsync(Load("      target: app"), "app");
        Assert.DoesNotContain("BUILDKIT_INLINE_CACHE", Assert.Single(engine.BuildRequests).BuildArgs?.Keys ?? []);
    }

    [Fact]
    public async Task An_inline_cache_export_is_refused_when_the_classic_builder_builds()
    {
        // build.ulimits chooses the classic builder, which writes no inline cache.
        var (_, error) = await BuildAsync(Load("      cache_to: [type=inline]\n      ulimits: {nofile: 1024}"), "app");
        Assert.StartsWith("/tmp/buildkit/compose.yaml:5:7: service 'app': build.cache_to 'type=inline' cannot be carried by the classic builder",
            Assert.IsType<UnbuildableKeysException>(error).Message);
    }

    [Fact]
    public async Task The_network_host_entitlement_is_carried_by_a_build_on_the_host_network()
    {
        var (engine, error) = await BuildAsync(Load("      network: host\n      entitlements: [network.host]"), "app");
        Assert.Null(error);
        Assert.Equal("host", Assert.Single(engine.BuildRequests).NetworkMode);
    }

    [Fact]
    public async Task Attestations_turned_off_and_one_platform_are_accepted()
    {
        var (engine, error) = await BuildAsync(Load("      provenance: false\n      sbom: false\n      platforms: [linux/amd64]\n      privileged: false"), "app");
        Assert.Null(error);
        Assert.Equal("linux/amd64", Assert.Single(engine.BuildRequests).Platform);
    }

    [Fact]
    public async Task Every_refused_key_of_every_service_is_named_at_once()
    {
        var project = Load("      sbom: true\n      privileged: true");
        var (_, error) = await BuildAsync(project, "app");
        var lines = Assert.IsType<UnbuildableKeysException>(error).Message.Split('\n');
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
