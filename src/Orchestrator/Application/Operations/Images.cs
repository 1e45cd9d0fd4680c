using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>`images`: the images of the services' containers (none named: all).</summary>
internal sealed record ImagesRequest(IReadOnlyList<string> Services);

/// <summary>A container and the image it runs, as the engine describes both.</summary>
internal sealed record ContainerImage(ContainerSummary Container, ImageInspect Image);

internal sealed partial class ComposeService
{
    public async Task<List<ContainerImage>> ImagesAsync(ProjectTarget target, ImagesRequest request, CancellationToken cancellationToken)
    {
        var containers = await ProjectContainers.ListAsync(Engine, target.Name, target.Select(request.Services), all: true, cancellationToken).ConfigureAwait(false);
        static string ImageOf(ContainerSummary c) => c.ImageID ?? c.Image ?? "";
        // Replicas share their image: each one is inspected once.
        var references = containers.Select(ImageOf).Distinct().ToList();
        var inspected = await Task.WhenAll(references.Select(r => Engine.InspectImageAsync(r, cancellationToken))).ConfigureAwait(false);
        var images = references.Zip(inspected).ToDictionary(p => p.First, p => p.Second);
        return [.. containers.Select(c => new ContainerImage(c, images[ImageOf(c)]))];
    }
}
