using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Execution;

/// <summary>Builds a service's image from its build context, tagged with the service's image name.</summary>
/// <param name="steps">Hears a BuildKit build's steps with the service's name (the CLI draws them); null: they come as log lines.</param>
internal sealed class ImageBuilder(IEngineClient engine, Project project, Action<string> log, Action<string, BuildStepEvent>? steps = null)
{
    public async Task BuildAsync(ServiceConfig service, string tag, BuildOptions options, CancellationToken cancellationToken)
    {
        var build = service.Build ?? throw new InvalidOperationException($"service {service.Name} has no build section");
        if (!Directory.Exists(build.Context))
            throw new DirectoryNotFoundException($"build context of service {service.Name} not found: {build.Context}");

        var labels = new Dictionary<string, string>(build.Labels) { [ComposeLabels.Project] = project.Name, [ComposeLabels.Service] = service.Name };
        var buildArgs = build.Args.Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value!);
        // cache_to: [type=inline] is how the engine's POST /build exports cache: this build argument (other exporters are refused when planned).
        if (BuildKeyLimits.WantsInlineCache(build)) buildArgs.TryAdd("BUILDKIT_INLINE_CACHE", "1");
        var failure = new BuildFailure();
        var request = new ImageBuildRequest
        {
            Tags = [tag, .. build.Tags],
            // A step's output lines reach the failure's explanation too, as log lines do when no one draws steps.
            Steps = steps is null ? null : step => { if (step is BuildStepLog output) failure.Watch(output.Line); steps(service.Name, step); },
            Dockerfile = build.Dockerfile,
            DockerfileText = build.DockerfileInline,
            BuildArgs = buildArgs,
            Target = build.Target,
            Labels = labels,
            NetworkMode = build.Network,
            NoCache = options.NoCache || build.NoCache,
            Pull = options.Pull || build.Pull,
            Memory = options.Memory,
            CacheFrom = build.CacheFrom,
            ShmSize = build.ShmSize,
            ExtraHosts = build.ExtraHosts,
            Isolation = build.Isolation,
            Ulimits = [.. build.Ulimits.Select(u => new EngineUlimit { Name = u.Key, Soft = u.Value.Soft, Hard = u.Value.Hard })],
            // As docker compose's classic build: the service's platform, else build.platforms when it names one (more are refused).
            Platform = service.Platform ?? (build.Platforms is [var only] ? only : null),
            // `build -m` and build.ulimits limit the build containers, which only the classic builder does: this engine's
            // BuildKit ignores both (as docker compose says of -m), so a build that asks for them gets the builder that honours them.
            BuildKit = UsesBuildKit(build, options),
            Secrets = BuildSessionSources.Secrets(project, service.Name, build),
            Ssh = BuildSessionSources.Ssh(build),
        };
        try
        {
            await engine.BuildImageAsync(build.Context, request, line => { failure.Watch(line); log($"{service.Name}  {line}"); }, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException error) when (failure.Explain(error.Message, request.Platform, build) is { } explained)
        {
            throw new EngineApiException(error.Status, explained);
        }
    }

    /// <summary>BuildKit, unless DOCKER_BUILDKIT turns it off or the build asks for what only the classic builder does (the engine may still be too old for it).</summary>
    internal static bool UsesBuildKit(BuildConfig build, BuildOptions options) =>
        WantsBuildKit(Environment.GetEnvironmentVariable("DOCKER_BUILDKIT")) && options.Memory is null && build.Ulimits.IsEmpty;

    /// <summary>BuildKit unless DOCKER_BUILDKIT turns it off, as docker compose chooses (the engine may still be too old for it).</summary>
    internal static bool WantsBuildKit(string? setting) =>
        setting is null || setting.Trim() is not ("0" or "false" or "FALSE" or "False");
}
