using Composer.Engine;
using Composer.Model;

namespace Composer.Orchestrator.Application;

/// <summary>
/// `config --resolve-image-digests` and `--lock-image-digests`: each service's image pinned to the
/// digest its registry serves now (asked through the engine's distribution endpoint, as docker
/// compose does), so the project runs that exact image wherever it is pulled.
/// </summary>
internal static class ImageDigests
{
    public static async Task<Project> PinAsync(IEngineClient engine, Project project, CancellationToken cancel)
    {
        var services = project.Services;
        foreach (var (name, service) in project.Services)
        {
            if (service.Image is not { } image || image.Contains('@')) continue;
            var digest = await engine.RegistryDigestAsync(image, RegistryAuth.HeaderFor(image), cancel);
            services = services.SetItem(name, service with { Image = $"{image}@{digest}" });
        }
        return project with { Services = services };
    }

    /// <summary>An override file that pins each service's image: `services: NAME: image: REF@DIGEST`.</summary>
    public static string LockFile(Project pinned)
    {
        var text = new System.Text.StringBuilder("services:\n");
        foreach (var (name, service) in pinned.Services.Where(s => s.Value.Image?.Contains('@') == true))
            text.Append($"  {name}:\n    image: {service.Image}\n");
        return text.ToString();
    }
}
