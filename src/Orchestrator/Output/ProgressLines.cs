using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;

namespace Composer.Orchestrator.Output;

/// <summary>Progress where nothing can be redrawn (pipes, CI logs): one line per change of state.</summary>
public sealed class ProgressLines(Terminal terminal) : IExecutionObserver
{
    public void Started(Operation operation)
    {
        if (ProgressText.Doing(operation) is { } state) terminal.Status($" {ProgressText.Noun(operation)} {operation.Subject}  {state}");
    }

    public void Completed(Operation operation, TimeSpan elapsed)
    {
        if (ProgressText.Done(operation) is { } state)
            terminal.Status($"{$" {ProgressText.Noun(operation)} {operation.Subject}  {state}",-50} {elapsed.TotalSeconds,5:0.0}s");
    }

    public void Progressed(Operation operation, string state) =>
        terminal.Status($" {ProgressText.Noun(operation)} {operation.Subject}  {ProgressText.Doing(operation)}: {state}");

    public void Failed(Operation operation, Exception error) =>
        terminal.Status($" {ProgressText.Noun(operation)} {operation.Subject}  Error");
}
