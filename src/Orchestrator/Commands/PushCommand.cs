using System.CommandLine;
using Composer.Engine;
using Composer.Model;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Reconciler.State;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `push`: sends the services' built images to their registries. As docker compose, only a service
/// with both `build:` and `image:` is pushed (plus its build.tags): an `image:` alone names someone
/// else's image (postgres:16), which is pulled, never pushed.
/// </summary>
internal static class PushCommand
{
    public static Command Create()
    {
        var ignoreFailures = Args.Flag("--ignore-push-failures", "Push what it can and ignores images with push failures");
        var includeDeps = Args.Flag("--include-deps", "Also push images of services declared as dependencies");
        var quiet = Args.Flag("--quiet", "Push without printing progress information", "-q");
        var services = Args.Services();
        var command = new Command("push", "Push service images") { ignoreFailures, includeDeps, quiet, services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.Load(parse);
            var desired = DesiredStateBuilder.Build(project, parse.GetValue(services) ?? [], withDependencies: parse.GetValue(includeDeps));
            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            await PushAsync(session.Engine, terminal, project, desired.Services.Select(s => s.Name), parse.GetValue(quiet), parse.GetValue(ignoreFailures), cancel);
            return 0;
        });
        return command;
    }

    /// <summary>Pushes each pushable service's image and build tags, once each, in order; `build --push` uses it too.</summary>
    /// <param name="ignoreFailures">A failed push is a warning and the rest go on; otherwise the first failure stops with its image named.</param>
    public static async Task PushAsync(IEngineClient engine, Terminal terminal, Project project, IEnumerable<string> services,
        bool quiet, bool ignoreFailures, CancellationToken cancel)
    {
        var pushed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in services)
        {
            var service = project.Services[name];
            if (service.Build is null || service.Image is null)
            {
                terminal.Status($" {name}  Skipped");
                continue;
            }
            foreach (var image in new[] { service.Image }.Concat(service.Build.Tags).Where(pushed.Add))
            {
                terminal.Status($" Image {image}  Pushing");
                try
                {
                    await engine.PushImageAsync(image, RegistryAuth.HeaderFor(image), line => { if (!quiet) terminal.Status(line); }, cancel);
                    terminal.Status($" Image {image}  Pushed");
                }
                catch (Exception error) when (error is EngineApiException or FormatException)
                {
                    if (!ignoreFailures) throw new PushFailedException(image, error.Message, error);
                    terminal.Warn($"push {image} failed: {error.Message}");
                }
            }
        }
    }
}

public sealed class PushFailedException(string image, string reason, Exception inner)
    : Exception($"push {image} failed: {reason}", inner);
