using System.Collections.Immutable;
using System.CommandLine;
using Composer.Model;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class ConfigCommand
{
    public static Command Create()
    {
        var services = Args.Flag("--services", "Print the service names, one per line");
        var volumes = Args.Flag("--volumes", "Print the volume names, one per line");
        var profiles = Args.Flag("--profiles", "Print the profile names, one per line");
        var hash = Args.Value<string?>("--hash", "Print the service config hash, one per line (\"*\" for all)");
        var quiet = Args.Flag("--quiet", "Only validate the configuration, don't print anything", "-q");
        var format = Args.Format("yaml");
        var images = Args.Flag("--images", "Print the image names, one per line");
        var networks = Args.Flag("--networks", "Print the network names, one per line");
        var environment = Args.Flag("--environment", "Print environment used for interpolation");
        var outputFile = Args.Value<string?>("--output", "Save to file (default to stdout)", "-o");
        var variables = Args.Flag("--variables", "Print model variables and default values");
        var noInterpolate = Args.Flag("--no-interpolate", "Don't interpolate environment variables");
        var noNormalize = Args.Flag("--no-normalize", "Don't normalize compose model");
        var noPathResolution = Args.Flag("--no-path-resolution", "Don't resolve file paths");
        var noConsistency = Args.Flag("--no-consistency", "Don't check model consistency - warning: may produce invalid Compose output");
        var noEnvResolution = Args.Flag("--no-env-resolution", "Don't resolve service env files");
        var models = Args.Flag("--models", "Print the model names, one per line");
        var resolveDigests = Args.Flag("--resolve-image-digests", "Pin image tags to digests");
        var lockDigests = Args.Flag("--lock-image-digests", "Produces an override file with image digests");
        var selected = Args.Services();
        var command = new Command("config", "Parse, resolve and render compose file in canonical format")
        {
            services, volumes, profiles, hash, quiet, format, images, networks, environment, outputFile, variables, resolveDigests, lockDigests, noInterpolate,
            noNormalize, noPathResolution, noConsistency, noEnvResolution, models, selected,
        };
        command.SetAction(async (parse, cancel) =>
        {
            // The loader steps only config can skip; every other verb loads with all of them (ProjectSession.Load).
            var options = ProjectSession.Options(parse) with
            {
                Interpolate = !parse.GetValue(noInterpolate),
                // As docker compose: --compatibility prints the model without normalization.
                Normalize = !parse.GetValue(noNormalize) && !parse.GetValue(GlobalOptions.Compatibility),
                ResolvePaths = !parse.GetValue(noPathResolution),
                ResolveEnvironment = !parse.GetValue(noEnvResolution),
                CheckConsistency = !parse.GetValue(noConsistency),
            };
            var loaded = ProjectSession.Checked(UninterruptedLoad.Load(options));
            if (parse.GetValue(GlobalOptions.Compatibility)) loaded = loaded with { ContainerNameSeparator = "_" };
            var named = ProjectSession.SelectedServices(parse, selected, loaded);
            var project = ProjectSubset.Of(loaded, named);
            // As docker compose prints a subset: only the models its services use.
            if (named.Length > 0)
                project = project with { Models = project.Models.Where(m => project.Services.Values.Any(s => s.Models.ContainsKey(m.Key))).ToImmutableSortedDictionary(StringComparer.Ordinal) };
            var locking = parse.GetValue(lockDigests);
            if (parse.GetValue(resolveDigests) || locking)
            {
                await using var session = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
                project = await session.PinImageDigestsAsync(project, cancel);
            }
            if (parse.GetValue(quiet)) return 0;
            using var file = parse.GetValue(outputFile) is { } path ? OpenOutput(path) : null;
            var output = file ?? Console.Out;
            if (locking) output.Write(ImageDigests.LockFile(project));
            else if (parse.GetValue(variables)) ConfigVariables.Print(loaded, parse.GetValue(format) == "json", output);
            else if (parse.GetValue(services)) foreach (var name in project.Services.Keys) output.WriteLine(name);
            else if (parse.GetValue(images)) foreach (var service in project.Services.Values) output.WriteLine(project.ImageName(service));
            else if (parse.GetValue(networks)) foreach (var name in project.Networks.Keys) output.WriteLine(name);
            // As docker compose: the model each entry serves (its `model:`), not the key.
            else if (parse.GetValue(models)) foreach (var model in project.Models.Values) output.WriteLine(model.Model);
            else if (parse.GetValue(environment)) foreach (var (key, value) in project.Environment) output.WriteLine($"{key}={value}");
            else if (parse.GetValue(volumes)) foreach (var name in project.Volumes.Keys) output.WriteLine(name);
            else if (parse.GetValue(profiles)) foreach (var name in project.AllProfiles) output.WriteLine(name);
            else if (parse.GetValue(hash) is { } which)
            {
                var selected = which == "*" ? project.Services.Keys : which.Split(',');
                foreach (var name in selected)
                {
                    if (!project.Services.TryGetValue(name, out var service)) throw new UsageException($"--hash: no such service: {name}");
                    output.WriteLine($"{name} {ServiceHash.Compute(service)}");
                }
            }
            else output.Write(parse.GetValue(format) == "json" ? CanonicalJson.Write(project) : CanonicalYaml.Write(project));
            return 0;
        });
        return command;
    }

    private static StreamWriter OpenOutput(string path)
    {
        try { return new StreamWriter(Path.GetFullPath(path)); }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--output: cannot write {path}: {error.Message}");
        }
    }
}
