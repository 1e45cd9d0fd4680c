using System.Collections.Immutable;
using Composer.Model;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>`build`: the services' images (their dependencies' too with <see cref="WithDependencies"/>).</summary>
internal sealed record BuildRequest(IReadOnlyList<string> Services)
{
    public bool WithDependencies { get; init; }
    public bool NoCache { get; init; }
    /// <summary>--pull: always fetch a newer base image.</summary>
    public bool Pull { get; init; }
    public bool Quiet { get; init; }
    /// <summary>-m: the build container's memory limit in bytes.</summary>
    public long? Memory { get; init; }
    /// <summary>--build-arg values: KEY=VALUE sets or overrides; a bare KEY takes the value from the environment.</summary>
    public IReadOnlyList<string> BuildArgs { get; init; } = [];
    /// <summary>--push: the built images go to their registries, as `push` sends them.</summary>
    public bool Push { get; init; }
}

internal sealed partial class ComposeService
{
    public async Task BuildAsync(Project project, BuildRequest request, CancellationToken cancellationToken)
    {
        project = WithBuildArgs(project, request.BuildArgs);
        var built = Buildable(project, request);
        var reconciler = Reconciler(project, build: new() { NoCache = request.NoCache, Pull = request.Pull, Memory = request.Memory }, quietBuild: request.Quiet);
        // On a terminal the steps are drawn in place while the images build.
        await ShowProgressAsync(() => reconciler.EnsureImagesAsync(built, BuildPolicy.Always, cancellationToken)).ConfigureAwait(false);
        if (request.Push)
            await PushAsync(project, new PushRequest([.. built.Services.Select(s => s.Name)]) { Quiet = request.Quiet }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>`build --print`: the bake file docker compose would hand buildx for this request; needs no engine.</summary>
    public static string BakeFile(Project project, BuildRequest request)
    {
        project = WithBuildArgs(project, request.BuildArgs);
        return BakeDefinition.Json(project, Buildable(project, request).Services);
    }

    /// <summary>The services asked for (and their dependencies when asked) that have a `build:` section.</summary>
    private static DesiredState Buildable(Project project, BuildRequest request)
    {
        var desired = DesiredStateBuilder.Build(project, ProjectTarget.Declared(project, [.. request.Services]), request.WithDependencies);
        return desired with { Services = [.. desired.Services.Where(s => s.Source == ImageSource.Build)] };
    }

    /// <summary>
    /// The project with --build-arg applied to every service's build.args: KEY=VALUE sets or
    /// overrides; a bare KEY takes the value from the environment, and is left alone when unset there.
    /// </summary>
    private static Project WithBuildArgs(Project project, IReadOnlyList<string> buildArgs)
    {
        var overrides = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var arg in buildArgs)
        {
            var equals = arg.IndexOf('=');
            var key = equals < 0 ? arg : arg[..equals];
            if (key.Length == 0) throw new UsageException($"invalid --build-arg \"{arg}\": expected KEY=VALUE or KEY");
            var value = equals >= 0 ? arg[(equals + 1)..] : project.Environment.GetValueOrDefault(key) ?? Environment.GetEnvironmentVariable(key);
            if (value is not null) overrides[key] = value;
        }
        if (overrides.Count == 0) return project;
        return project with
        {
            Services = project.Services.ToImmutableSortedDictionary(s => s.Key, s => s.Value.Build is { } build
                ? s.Value with { Build = build with { Args = build.Args.SetItems(overrides.Select(o => KeyValuePair.Create(o.Key, (string?)o.Value))) } }
                : s.Value, StringComparer.Ordinal),
        };
    }
}
