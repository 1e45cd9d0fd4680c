using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `composer attach SERVICE`: our stdin, stdout and stderr wired to a service's running container
/// (see <see cref="ComposeService.AttachAsync(ProjectTarget, ServiceAttachRequest, CancellationToken)"/>);
/// exits with the container's exit code, 0 when detached. Without a TTY the signals we receive go
/// to the container unless --sig-proxy=false, in which case Ctrl-C detaches.
/// </summary>
internal static class AttachCommand
{
    public static Command Create()
    {
        var detachKeys = Args.Value<string?>("--detach-keys", "Override the key sequence for detaching from a container");
        var index = Args.Value<int?>("--index", "index of the container if service has multiple replicas");
        var noStdin = Args.Flag("--no-stdin", "Do not attach STDIN");
        var sigProxy = new Option<bool>("--sig-proxy") { Description = "Proxy all received signals to the process", DefaultValueFactory = _ => true };
        var service = Args.Service();
        var command = new Command("attach", "Attach local standard input, output, and error streams to a service's running container")
        {
            detachKeys, index, noStdin, sigProxy, service,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var request = new ServiceAttachRequest(parse.GetValue(service)!)
            {
                Index = parse.GetValue(index),
                DetachKeys = DetachKeys.Checked(parse.GetValue(detachKeys)),
                Stdin = !parse.GetValue(noStdin),
                SignalProxy = parse.GetValue(sigProxy),
            };
            var target = ProjectSession.LoadOrName(parse);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            return await compose.AttachAsync(target, request, cancel);
        });
        return command;
    }
}
