using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;

namespace Composer.Orchestrator.Output;

/// <summary>
/// `--progress json`: one object per change of state with docker compose's field names (id, status
/// Working|Done|Error, text), so tools written against its output read ours.
/// </summary>
public sealed class ProgressJson(Terminal terminal) : IExecutionObserver
{
    public void Started(Operation operation)
    {
        if (ProgressText.Doing(operation) is { } state) Write(operation, "Working", state);
    }

    public void Completed(Operation operation, TimeSpan elapsed)
    {
        if (ProgressText.Done(operation) is { } state) Write(operation, "Done", state);
    }

    public void Progressed(Operation operation, string state) => Write(operation, "Working", state);

    public void Failed(Operation operation, Exception error) => Write(operation, "Error", error.Message);

    private void Write(Operation operation, string status, string text)
    {
        (string, string)[] fields = [("id", $"{ProgressText.Noun(operation)} {operation.Subject}"), ("status", status), ("text", text)];
        // The dry-run mark is a field here, not the prefix plain lines get.
        terminal.StatusRaw(JsonText.Object(terminal.DryRun ? [("dry-run", "true"), .. fields] : fields));
    }
}
