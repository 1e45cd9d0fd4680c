using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class ExecCommand
{
    public static Command Create()
    {
        var noTty = Args.Flag("--no-tty", "Disable pseudo-TTY allocation. By default a TTY is allocated when composer runs on one", "--no-TTY", "-T");
        var detach = Args.Flag("--detach", "Detached mode: Run command in the background", "-d");
        var env = Args.Many("--env", "Set environment variables", "-e");
        var workdir = Args.Value<string?>("--workdir", "Path to workdir directory for this command", "-w");
        var user = Args.Value<string?>("--user", "Run the command as this user", "-u");
        var privileged = Args.Flag("--privileged", "Give extended privileges to the process");
        var index = Args.Value<int?>("--index", "Index of the container if service has multiple replicas");
        var service = Args.Service();
        var commandLine = Args.Command();
        var command = new Command("exec", "Execute a command in a running container")
        {
            noTty, detach, env, workdir, user, privileged, index, service, commandLine,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.Load(parse);
            var name = parse.GetValue(service)!;
            ProjectTarget.Declared(project, name);
            var argv = parse.GetValue(commandLine) ?? [];
            if (argv.Length == 0) throw new UsageException("exec requires a COMMAND");

            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var target = await ServiceReplica.FindAsync(session.Engine, project.Name, name, parse.GetValue(index), cancel);

            var tty = !parse.GetValue(noTty) && !Console.IsInputRedirected && !Console.IsOutputRedirected;
            var request = new ExecRequest
            {
                Cmd = [.. argv],
                Env = parse.GetValue(env) is { Length: > 0 } vars ? [.. vars] : null,
                WorkingDir = parse.GetValue(workdir),
                User = parse.GetValue(user),
                Privileged = parse.GetValue(privileged),
                Tty = tty,
                // Without a TTY stdin is still forwarded (`exec -T db psql < dump.sql`), as Compose's
                // --interactive default does.
                AttachStdin = !parse.GetValue(detach),
                AttachStdout = !parse.GetValue(detach),
                AttachStderr = !parse.GetValue(detach),
            };
            if (parse.GetValue(detach))
            {
                var id = await session.Engine.CreateExecAsync(target.Id, request, cancel);
                await session.Engine.StartExecDetachedAsync(id, cancel);
                return 0;
            }
            return await AttachedExec.RunAsync(session.Engine, target.Id, request, cancel);
        });
        return command;
    }
}
