using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>
/// `attach SERVICE`: replica <see cref="Index"/> (else the one chosen as for exec); our stdin too
/// unless not <see cref="Stdin"/>; signals proxied unless not <see cref="SignalProxy"/>.
/// </summary>
internal sealed record ServiceAttachRequest(string Service)
{
    public int? Index { get; init; }
    /// <summary>--detach-keys, already checked; null for the engine's default.</summary>
    public string? DetachKeys { get; init; }
    public bool Stdin { get; init; } = true;
    public bool SignalProxy { get; init; } = true;
}

internal sealed partial class ComposeService
{
    /// <summary>
    /// Our stdin, stdout and stderr wired to a service's running container, as `docker compose attach`
    /// does. It ends when the container exits (with its exit code) or when the detach keys are typed on
    /// a TTY (exit 0, the container keeps running). Without a TTY the signals we receive go to the
    /// container unless signal proxying is off, in which case Ctrl-C detaches.
    /// </summary>
    /// <returns>The exit code the verb ends with.</returns>
    public async Task<int> AttachAsync(ProjectTarget target, ServiceAttachRequest request, CancellationToken cancellationToken)
    {
        var container = await OneReplicaAsync(target, request.Service, request.Index, cancellationToken).ConfigureAwait(false);
        var config = (await Engine.InspectContainerAsync(container.Id, cancellationToken).ConfigureAwait(false)).Config;
        var tty = config?.Tty == true;
        // As docker: a container started without an open stdin has none to attach to.
        var stdin = request.Stdin && config?.OpenStdin == true;
        var proxy = request.SignalProxy && !tty;
        return await AttachAsync(container.Id, new ContainerAttachOptions { Stdin = stdin, DetachKeys = request.DetachKeys }, tty, proxy, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<int> AttachAsync(string id, ContainerAttachOptions options, bool tty, bool proxy, CancellationToken cancellationToken)
    {
        await using var connection = await Engine.AttachContainerAsync(id, options, cancellationToken).ConfigureAwait(false);
        if (tty)
        {
            // Raw terminal: Ctrl-C is a byte for the container's TTY, not a signal for us.
            await TerminalSession.RunAsync(connection, (h, w) => Engine.ResizeContainerAsync(id, h, w, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        else if (proxy)
        {
            using var signals = SignalProxy.Start(Engine, id, cancellationToken);
            // The stream is not cut on Ctrl-C: the container gets the signal and decides whether to end.
            await PipedSession.RunAsync(connection, CancellationToken.None, forwardInput: options.Stdin).ConfigureAwait(false);
        }
        else
        {
            try { await PipedSession.RunAsync(connection, cancellationToken, forwardInput: options.Stdin).ConfigureAwait(false); }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return 130; }
        }
        var state = (await Engine.InspectContainerAsync(id, CancellationToken.None).ConfigureAwait(false)).State;
        // Still running: we detached (detach keys, or the engine closed the stream) and the container goes on.
        return state is null || state.Running ? 0 : state.ExitCode;
    }
}
