using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class RunCommand
{
    public static Command Create()
    {
        var rm = Args.Flag("--rm", "Automatically remove the container when it exits");
        var detach = Args.Flag("--detach", "Run container in background and print container ID", "-d");
        var env = Args.Many("--env", "Set environment variables", "-e");
        var entrypoint = Args.Value<string?>("--entrypoint", "Override the entrypoint of the image");
        var noDeps = Args.Flag("--no-deps", "Don't start linked services");
        var noTty = Args.Flag("--no-tty", "Disable pseudo-TTY allocation (by default a TTY is allocated when composer runs on a terminal)", "--no-TTY", "-T");
        var name = Args.Value<string?>("--name", "Assign a name to the container");
        var user = Args.Value<string?>("--user", "Run as specified username or uid", "-u");
        var workdir = Args.Value<string?>("--workdir", "Working directory inside the container", "-w");
        var build = Args.Flag("--build", "Build image before starting container");
        // Here -p is --publish, as in docker compose; the project name goes before the verb (`composer -p NAME run`).
        var publish = Args.Many("--publish", "Publish a container's port(s) to the host", "-p");
        var servicePorts = Args.Flag("--service-ports", "Run command with all the service's ports enabled and mapped to the host", "-P");
        var capAdd = Args.Many("--cap-add", "Add Linux capabilities");
        var capDrop = Args.Many("--cap-drop", "Drop Linux capabilities");
        var envFromFile = Args.Many("--env-from-file", "Set environment variables from file");
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep STDIN open even if not attached", DefaultValueFactory = _ => true };
        var label = Args.Many("--label", "Add or override a label", "-l");
        var quiet = Args.Flag("--quiet", "Don't print anything to STDOUT", "-q");
        var quietBuild = Args.Flag("--quiet-build", "Suppress progress output from the build process");
        var removeOrphans = Args.Flag("--remove-orphans", "Remove containers for services not defined in the Compose file");
        var useAliases = Args.Flag("--use-aliases", "Use the service's network aliases in the network(s) the container connects to");
        var volume = Args.Many("--volume", "Bind mount a volume", "-v");
        var service = Args.Service();
        var commandLine = Args.Command();
        var pull = new PullFlags();
        var command = new Command("run", "Run a one-off command on a service")
        {
            rm, detach, env, entrypoint, noDeps, noTty, name, user, workdir, build, publish, servicePorts, capAdd, capDrop, envFromFile, interactive,
            label, quiet, quietBuild, removeOrphans, useAliases, volume, service, commandLine,
        };
        pull.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var request = new RunRequest(parse.GetValue(service)!, parse.GetValue(commandLine) ?? [])
            {
                Detach = parse.GetValue(detach),
                Remove = parse.GetValue(rm),
                Name = parse.GetValue(name),
                NoDeps = parse.GetValue(noDeps),
                Build = parse.GetValue(build),
                Pull = pull.Policy(parse),
                QuietPull = pull.Quiet(parse),
                QuietBuild = parse.GetValue(quietBuild),
                RemoveOrphans = parse.GetValue(removeOrphans) || ComposeVariables.RemoveOrphans,
                IgnoreOrphans = ComposeVariables.IgnoreOrphans,
                Env = parse.GetValue(env) ?? [],
                EnvFiles = parse.GetValue(envFromFile) ?? [],
                Entrypoint = parse.GetValue(entrypoint),
                User = parse.GetValue(user),
                WorkingDir = parse.GetValue(workdir),
                Publish = parse.GetValue(publish) ?? [],
                ServicePorts = parse.GetValue(servicePorts),
                CapAdd = parse.GetValue(capAdd) ?? [],
                CapDrop = parse.GetValue(capDrop) ?? [],
                Labels = parse.GetValue(label) ?? [],
                Volumes = parse.GetValue(volume) ?? [],
                UseAliases = parse.GetValue(useAliases),
                Interactive = parse.GetValue(interactive),
                NoTty = parse.GetValue(noTty),
            };
            var project = ProjectSession.Load(parse);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse, quiet: parse.GetValue(quiet)), cancel);
            return await compose.RunAsync(project, request, cancel);
        });
        return command;
    }
}
