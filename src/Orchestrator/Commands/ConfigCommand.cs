using System.CommandLine;
using Composer.Model;
using Composer.Orchestrator.Cli;

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
        var command = new Command("config", "Parse, resolve and render compose file in canonical format")
        {
            services, volumes, profiles, hash, quiet, format,
        };
        command.SetAction(parse =>
        {
            var project = ProjectSession.Load(parse);
            var output = Console.Out;
            if (parse.GetValue(quiet)) return 0;
            if (parse.GetValue(services)) foreach (var name in project.Services.Keys) output.WriteLine(name);
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
}
