using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.State;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `pull`: refreshes the services' images from their registries, one after another. Which ones, as
/// docker compose decides: services without an `image:` have nothing to pull; pull_policy never and
/// build are skipped; --policy replaces every policy. A buildable image that fails to pull is a
/// warning naming the build to run, not a reason to stop the others.
/// </summary>
internal static class PullCommand
{
    public static Command Create()
    {
        var ignoreFailures = Args.Flag("--ignore-pull-failures", "Pull what it can and ignores images with pull failures");
        var ignoreBuildable = Args.Flag("--ignore-buildable", "Ignore images that can be built");
        var includeDeps = Args.Flag("--include-deps", "Also pull services declared as dependencies");
        var policy = Args.Choice("--policy", "Apply pull policy (\"missing\"|\"always\")", "missing", "always");
        var quiet = Args.Flag("--quiet", "Pull without printing progress information", "-q");
        var services = Args.Services();
        var command = new Command("pull", "Pull service images") { ignoreFailures, ignoreBuildable, includeDeps, policy, quiet, services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.Load(parse);
            var desired = DesiredStateBuilder.Build(project, parse.GetValue(services) ?? [], withDependencies: parse.GetValue(includeDeps));
            if (parse.GetValue(policy) is { } forced)
                desired = desired with { Services = [.. desired.Services.Select(s => s with { Pull = PullPolicy.Parse(forced) })] };
            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var observed = await session.Reconciler(project).ObserveAsync(desired, cancel);

            var failures = new List<string>();
            var mustBuild = new List<string>();
            var pulled = new HashSet<string>(StringComparer.Ordinal);
            foreach (var service in desired.Services)
            {
                if (project.Services[service.Name].Image is null) continue; // built under the project's own name: nothing in a registry
                var buildable = service.Source == ImageSource.Build;
                var skip = PullPolicy.SkipOnPullVerb(service.Pull, service.Image, observed.ImageIds.ContainsKey(service.Image))
                    ?? (buildable && parse.GetValue(ignoreBuildable) ? "Image can be built" : null);
                if (skip is not null)
                {
                    terminal.Status($" Image {service.Image}  Skipped - {skip}");
                    continue;
                }
                if (!pulled.Add(service.Image)) continue;
                try
                {
                    await session.Engine.PullImageAsync(service.Image, line => { if (!parse.GetValue(quiet)) terminal.Status(line); }, cancel);
                    terminal.Status($" Image {service.Image}  Pulled");
                }
                catch (EngineApiException error) when (!buildable && !parse.GetValue(ignoreFailures))
                {
                    // Nothing else can provide this image: stop here, naming it.
                    throw new InvalidOperationException($"pull {service.Image} failed: {error.Message}", error);
                }
                catch (EngineApiException error)
                {
                    terminal.Warn($"pull {service.Image} failed: {error.Message}");
                    if (buildable) mustBuild.Add(service.Name);
                    if (!parse.GetValue(ignoreFailures)) failures.Add(service.Image);
                }
            }
            if (mustBuild.Count > 0)
                terminal.Warn($"Some service image(s) must be built from source by running:\n    composer build {string.Join(' ', mustBuild)}");
            if (failures.Count > 0) throw new InvalidOperationException("pull failed for " + string.Join(", ", failures) + " (see the warnings above)");
            return 0;
        });
        return command;
    }
}
