using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `composer attach SERVICE`: our stdin, stdout and stderr wired to a service's running container,
/// as `docker compose attach` does. It ends when the container exits (with its exit code) or when
/// the detach keys are typed on a TTY (exit 0, the container keeps running). Without a TTY the
/// signals we receive go to the container unless --sig-proxy=false, in which case Ctrl-C detaches.
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
            var keys = DetachKeys.Checked(parse.GetValue(detachKeys));
            var project = ProjectSession.LoadOrName(parse);
            var name = project.Service(parse, service);
            await using var session = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            var target = await ServiceReplica.FindAsync(session.Engine, project.Name, name, parse.GetValue(index), cancel);
            var config = (await session.Engine.InspectContainerAsync(target.Id, cancel)).Config;
            var tty = config?.Tty == true;
            // As docker: a container started without an open stdin has none to attach to.
            var stdin = !parse.GetValue(noStdin) && config?.OpenStdin == true;
            var proxy = parse.GetValue(sigProxy) && !tty;
            return await AttachAsync(session.Engine, target.Id, new ContainerAttachOptions { Stdin = stdin, DetachKeys = keys }, tty, proxy, cancel);
        });
        return command;
    }

    private static async Task<int> AttachAsync(IEngineClient engine, string id, ContainerAttachOptions options, bool tty, bool proxy,
        CancellationToken cancellationToken)
    {
        await using var connection = await engine.AttachContainerAsync(id, options, cancellationToken);
        if (tty)
        {
            // Raw terminal: Ctrl-C is a byte for the container's TTY, not a signal for us.
            await TerminalSession.RunAsync(connection, (h, w) => engine.ResizeContainerAsync(id, h, w, cancellationToken), cancellationToken);
        }
        else if (proxy)
        {
            using var signals = SignalProxy.Start(engine, id, cancellationToken);
            // The stream is not cut on Ctrl-C: the container gets the signal and decides whether to end.
            await PipedSession.RunAsync(connection, CancellationToken.None, forwardInput: options.Stdin);
        }
        else
        {
            try { await PipedSession.RunAsync(connection, cancellationToken, forwardInput: options.Stdin); }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return 130; }
        }
        var state = (await engine.InspectContainerAsync(id, CancellationToken.None)).State;
        // Still running: we detached (detach keys, or the engine closed the stream) and the container goes on.
        return state is null || state.Running ? 0 : state.ExitCode;
    }
}
