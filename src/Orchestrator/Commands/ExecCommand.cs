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
            var request = new ServiceExecRequest(parse.GetValue(service)!, parse.GetValue(commandLine) ?? [])
            {
                Index = parse.GetValue(index),
                Detach = parse.GetValue(detach),
                NoTty = parse.GetValue(noTty),
                Env = parse.GetValue(env) ?? [],
                WorkingDir = parse.GetValue(workdir),
                User = parse.GetValue(user),
                Privileged = parse.GetValue(privileged),
            };
            var project = ProjectSession.Load(parse);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            return await compose.ExecAsync(project, request, cancel);
        });
        return command;
    }
}
