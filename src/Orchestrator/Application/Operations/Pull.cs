using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>`pull`: the services' images (their dependencies' too with <see cref="IncludeDeps"/>).</summary>
internal sealed record PullRequest(IReadOnlyList<string> Services)
{
    public bool IncludeDeps { get; init; }
    /// <summary>--policy: replaces every service's pull_policy when given.</summary>
    public string? Policy { get; init; }
    /// <summary>A service that has `build:` is left to be built.</summary>
    public bool IgnoreBuildable { get; init; }
    /// <summary>A failed pull is a warning and the rest go on.</summary>
    public bool IgnoreFailures { get; init; }
    public bool Quiet { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>
    /// Refreshes the services' images from their registries, one after another. Which ones, as
    /// docker compose decides: services without an `image:` have nothing to pull; pull_policy never and
    /// build are skipped; --policy replaces every policy. A buildable image that fails to pull is a
    /// warning naming the build to run, not a reason to stop the others.
    /// </summary>
    public async Task PullAsync(Project project, PullRequest request, CancellationToken cancellationToken)
    {
        var desired = WithPullFlag(
            DesiredStateBuilder.Build(project, ProjectTarget.Declared(project, [.. request.Services]), withDependencies: request.IncludeDeps), request.Policy);
        var observed = await Reconciler(project).ObserveAsync(desired, cancellationToken).ConfigureAwait(false);

        var failures = new List<string>();
        var mustBuild = new List<string>();
        var pulled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in desired.Services)
        {
            if (project.Services[service.Name].Image is null) continue; // built under the project's own name: nothing in a registry
            var buildable = service.Source == ImageSource.Build;
            var skip = PullPolicy.SkipOnPullVerb(service.Pull, service.Image, observed.ImageIds.ContainsKey(service.Image))
                ?? (buildable && request.IgnoreBuildable ? "Image can be built" : null);
            if (skip is not null)
            {
                Terminal.Status($" Image {service.Image}  Skipped - {skip}");
                continue;
            }
            if (!pulled.Add(service.Image)) continue;
            try
            {
                await Engine.PullImageAsync(service.Image, line => { if (!request.Quiet) Terminal.Status(line); }, cancellationToken).ConfigureAwait(false);
                Terminal.Status($" Image {service.Image}  Pulled");
            }
            catch (EngineApiException error) when (!buildable && !request.IgnoreFailures)
            {
                // Nothing else can provide this image: stop here, naming it.
                throw new InvalidOperationException($"pull {service.Image} failed: {error.Message}", error);
            }
            catch (EngineApiException error)
            {
                Terminal.Warn($"pull {service.Image} failed: {error.Message}");
                if (buildable) mustBuild.Add(service.Name);
                if (!request.IgnoreFailures) failures.Add(service.Image);
            }
        }
        if (mustBuild.Count > 0)
            Terminal.Warn($"Some service image(s) must be built from source by running:\n    composer build {string.Join(' ', mustBuild)}");
        if (failures.Count > 0) throw new InvalidOperationException("pull failed for " + string.Join(", ", failures) + " (see the warnings above)");
    }
}
