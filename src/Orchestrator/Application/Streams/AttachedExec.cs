using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>
/// `composer exec SERVICE CMD` attached: on a terminal the exec's TTY is wired to ours (see
/// <see cref="TerminalSession"/>), otherwise our stdin and output are piped (<see cref="PipedSession"/>).
/// </summary>
internal static class AttachedExec
{
    public static async Task<int> RunAsync(IEngineClient engine, string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        var id = await engine.CreateExecAsync(containerId, request, cancellationToken);
        await using var connection = await engine.StartExecInteractiveAsync(id, request.Tty, cancellationToken);
        if (request.Tty)
            await TerminalSession.RunAsync(connection, (height, width) => engine.ResizeExecAsync(id, height, width, cancellationToken), cancellationToken);
        else
            await PipedSession.RunAsync(connection, cancellationToken);
        return (await engine.InspectExecAsync(id, CancellationToken.None)).ExitCode ?? 0;
    }
}
