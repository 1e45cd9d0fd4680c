using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Containers;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
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
            var project = ProjectSession.Load(parse);
            var serviceName = parse.GetValue(service)!;
            if (!project.Services.TryGetValue(serviceName, out var config)) throw new UsageException($"no such service: {serviceName}");
            var published = RunPorts.Published(config, parse.GetValue(publish) ?? [], parse.GetValue(servicePorts));

            var extraVolumes = RunVolumes.Parse(project, parse.GetValue(volume) ?? []);
            var terminal = CommandLine.Terminal(parse, quiet: parse.GetValue(quiet));
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var reconciler = session.Reconciler(project, quietBuild: parse.GetValue(quietBuild), quietPull: pull.Quiet(parse));
            var desired = ComposeService.WithPullFlag(DesiredStateBuilder.Build(project, [serviceName], withDependencies: !parse.GetValue(noDeps)), pull.Policy(parse));
            await reconciler.EnsureImagesAsync(desired, parse.GetValue(build) ? BuildPolicy.Always : BuildPolicy.IfMissing, cancel);
            // Dependencies (and the networks and volumes) come up as with `up`; the service itself runs as a one-off.
            await reconciler.UpAsync(desired with { Services = [.. desired.Services.Where(s => s.Name != serviceName)] },
                new UpOptions { RemoveOrphans = parse.GetValue(removeOrphans) || ComposeVariables.RemoveOrphans, IgnoreOrphans = ComposeVariables.IgnoreOrphans }, cancel);

            var argv = parse.GetValue(commandLine) ?? [];
            // Files first, then -e: a flag on the command line is the last word.
            var extraEnv = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var file in parse.GetValue(envFromFile) ?? [])
                foreach (var (key, value) in Model.EnvFile.Read(Path.GetFullPath(file), Environment.GetEnvironmentVariable)) extraEnv[key] = value;
            foreach (var pair in (parse.GetValue(env) ?? []).Select(e => e.Split('=', 2)))
                extraEnv[pair[0]] = pair.Length > 1 ? pair[1] : Environment.GetEnvironmentVariable(pair[0]);
            var oneOff = config with
            {
                CapAdd = [.. config.CapAdd, .. parse.GetValue(capAdd) ?? []],
                CapDrop = [.. config.CapDrop, .. parse.GetValue(capDrop) ?? []],
                Labels = config.Labels.SetItems(RunVolumes.Labels(parse.GetValue(label) ?? [])),
                Volumes = [.. config.Volumes, .. extraVolumes],
                Command = argv.Length > 0 ? [.. argv] : config.Command,
                Entrypoint = parse.GetValue(entrypoint) is { } ep ? [ep] : config.Entrypoint,
                Environment = config.Environment.SetItems(extraEnv),
                User = parse.GetValue(user) ?? config.User,
                WorkingDir = parse.GetValue(workdir) ?? config.WorkingDir,
            };
            // Attached, the container gets our stdin: on a terminal (unless -T) with a TTY and the
            // keyboard, otherwise piped (`run -T web ./manage.py loaddata - < data.json`), as
            // `docker compose run` does.
            var attached = !parse.GetValue(detach);
            // -i=false: the container gets no stdin (and so no terminal keyboard either).
            var withStdin = attached && parse.GetValue(interactive);
            var tty = withStdin && !parse.GetValue(noTty) && !Console.IsInputRedirected && !Console.IsOutputRedirected;
            var spec = OneOffContainer.Spec(project, oneOff with { Tty = tty, StdinOpen = withStdin }, desired.Find(serviceName)!, published,
                useAliases: parse.GetValue(useAliases));
            if (attached) spec.AttachStdout = spec.AttachStderr = true;
            if (withStdin) spec.AttachStdin = spec.StdinOnce = true;
            var containerName = parse.GetValue(name) ?? OneOffContainer.NewName(project, serviceName);
            var id = await session.Engine.CreateContainerAsync(containerName, spec, cancel);
            if (!attached)
            {
                await session.Engine.StartContainerAsync(id, cancel);
                terminal.Line(containerName);
                return 0;
            }
            try
            {
                // Attached before it starts, so not a byte of its first output is lost.
                await using var connection = await session.Engine.AttachContainerInteractiveAsync(id, cancel);
                await session.Engine.StartContainerAsync(id, cancel);
                if (tty)
                    await TerminalSession.RunAsync(connection, (h, w) => session.Engine.ResizeContainerAsync(id, h, w, cancel), cancel);
                else
                    await PipedSession.RunAsync(connection, cancel);
                return (int)await session.Engine.WaitContainerAsync(id, cancel);
            }
            finally
            {
                if (parse.GetValue(rm)) await session.Engine.RemoveContainerAsync(id, force: true, volumes: true, CancellationToken.None);
            }
        });
        return command;
    }
}
