using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;

namespace Composer.Orchestrator.Output;

/// <summary>
/// `--progress quiet` (and a verb's -q): nothing but errors. A failed classic build (DOCKER_BUILDKIT=0,
/// `build -m`, ulimits) would otherwise show only the engine's "returned a non-zero code": the last
/// lines of that service's build output are kept and printed when its build fails. (BuildKit
/// builds report their failed step through <see cref="BuildFailurePrinter"/>.)
/// </summary>
public sealed class QuietProgress(Terminal terminal) : IExecutionObserver
{
    public const int KeptLines = 20;

    private readonly Dictionary<string, Queue<string>> _tails = new(StringComparer.Ordinal);

    /// <summary>A build or pull log line, "service  text" for builds (ImageBuilder's prefix).</summary>
    public void Output(string line)
    {
        var split = line.IndexOf("  ", StringComparison.Ordinal);
        if (split <= 0) return;
        lock (_tails)
        {
            if (!_tails.TryGetValue(line[..split], out var tail)) _tails[line[..split]] = tail = new();
            tail.Enqueue(line);
            if (tail.Count > KeptLines) tail.Dequeue();
        }
    }

    public void Started(Operation operation) { }
    public void Completed(Operation operation, TimeSpan elapsed) { }

    public void Failed(Operation operation, Exception error)
    {
        if (operation is not { Kind: OperationKind.BuildImage, Service: { } service }) return;
        string[] lines;
        lock (_tails) lines = _tails.Remove(service, out var tail) ? [.. tail] : [];
        if (lines.Length > 0) terminal.Status(string.Join('\n', lines));
    }
}
