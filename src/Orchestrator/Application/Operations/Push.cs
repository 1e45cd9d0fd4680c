using Composer.Engine;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>`push`: the services' built images; <see cref="IncludeDeps"/> adds their dependencies'.</summary>
internal sealed record PushRequest(IReadOnlyList<string> Services)
{
    public bool IncludeDeps { get; init; }
    public bool Quiet { get; init; }
    /// <summary>A failed push is a warning and the rest go on; otherwise the first failure stops with its image named.</summary>
    public bool IgnoreFailures { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>
    /// Sends the services' built images to their registries, once each, in order. As docker compose,
    /// only a service with both `build:` and `image:` is pushed (plus its build.tags): an `image:`
    /// alone names someone else's image (postgres:16), which is pulled, never pushed.
    /// </summary>
    public async Task PushAsync(Model.Project project, PushRequest request, CancellationToken cancellationToken)
    {
        var desired = DesiredStateBuilder.Build(project, ProjectTarget.Declared(project, [.. request.Services]), withDependencies: request.IncludeDeps);
        var pushed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in desired.Services.Select(s => s.Name))
        {
            var service = project.Services[name];
            if (service.Build is null || service.Image is null)
            {
                Terminal.Status($" {name}  Skipped");
                continue;
            }
            foreach (var image in new[] { service.Image }.Concat(service.Build.Tags).Where(pushed.Add))
            {
                Terminal.Status($" Image {image}  Pushing");
                try
                {
                    await Engine.PushImageAsync(image, RegistryAuth.HeaderFor(image), line => { if (!request.Quiet) Terminal.Status(line); }, cancellationToken)
                        .ConfigureAwait(false);
                    Terminal.Status($" Image {image}  Pushed");
                }
                catch (Exception error) when (error is EngineApiException or FormatException)
                {
                    if (!request.IgnoreFailures) throw new PushFailedException(image, error.Message, error);
                    Terminal.Warn($"push {image} failed: {error.Message}");
                }
            }
        }
    }
}

public sealed class PushFailedException(string image, string reason, Exception inner)
    : Exception($"push {image} failed: {reason}", inner);
