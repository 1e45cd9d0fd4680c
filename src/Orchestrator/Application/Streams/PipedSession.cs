using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>
/// A process without a TTY wired to our stdio, as `docker compose exec -T` and `run -T` do: our
/// stdin (a pipe, a file, a terminal's lines) is forwarded and, when it ends, the connection is
/// half-closed so the process reads end of file; its framed stdout and stderr go to ours until it
/// ends. `exec -T db psql < dump.sql` works this way.
/// </summary>
internal static class PipedSession
{
    /// <param name="forwardInput">False when the engine was not asked for stdin (`attach --no-stdin`).</param>
    public static async Task RunAsync(HijackedConnection connection, CancellationToken cancellationToken, bool forwardInput = true)
    {
        // Not awaited: a process may finish without reading its input, and a terminal's stdin never
        // ends. It is abandoned when the output ends.
        if (forwardInput) _ = ForwardInputAsync(connection, cancellationToken);
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        await foreach (var frame in StreamDemultiplexer.ReadAsync(connection.Stream, tty: false, cancellationToken))
        {
            var target = frame.Stream == LogStream.StdErr ? stderr : stdout;
            await target.WriteAsync(frame.Payload, cancellationToken);
            await target.FlushAsync(cancellationToken);
        }
    }

    private static async Task ForwardInputAsync(HijackedConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using (var stdin = Console.OpenStandardInput())
                await stdin.CopyToAsync(connection.Stream, cancellationToken);
            await connection.CloseWriteAsync(cancellationToken);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The process ended first and the connection with it.
        }
    }
}
