using System.Collections.Concurrent;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Composer.Orchestrator.Output;

/// <summary>
/// Progress on a terminal: one line per resource, redrawn in place (Spectre.Console live display)
/// as operations start and finish, so a 20-service `up` fits on a screen instead of scrolling.
/// </summary>
public sealed class LiveProgress : IExecutionObserver
{
    private readonly ConcurrentDictionary<string, Row> _rows = new();
    private int _order;

    private sealed record Row(int Order, string Label, string State, bool Done, bool Failed, TimeSpan? Elapsed);

    public void Started(Operation operation) => Set(operation, ProgressText.Doing(operation), done: false, failed: false, null);

    public void Completed(Operation operation, TimeSpan elapsed) => Set(operation, ProgressText.Done(operation), done: true, failed: false, elapsed);

    public void Failed(Operation operation, Exception error) => Set(operation, "Error", done: true, failed: true, null);

    /// <summary>The rows as plain text, in the order resources first appeared.</summary>
    public IReadOnlyList<string> Lines() =>
        [.. _rows.Values.OrderBy(r => r.Order).Select(r => $"{(r.Failed ? "✘" : r.Done ? "✔" : "…")} {r.Label}  {r.State}")];

    public async Task RunAsync(IAnsiConsole console, Func<Task> work)
    {
        await console.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            var running = work();
            while (!running.IsCompleted)
            {
                context.UpdateTarget(Render());
                await Task.WhenAny(running, Task.Delay(80));
            }
            context.UpdateTarget(Render());
            await running;
        });
    }

    private void Set(Operation operation, string? state, bool done, bool failed, TimeSpan? elapsed)
    {
        if (state is null) return;
        var label = $"{ProgressText.Noun(operation)} {operation.Subject}";
        _rows.AddOrUpdate(label,
            _ => new Row(Interlocked.Increment(ref _order), label, state, done, failed, elapsed),
            (_, row) => row with { State = state, Done = done, Failed = failed, Elapsed = elapsed });
    }

    private IRenderable Render()
    {
        // Spectre cannot measure a grid without rows; nothing has started yet.
        if (_rows.IsEmpty) return new Text("");
        var grid = new Grid().AddColumn().AddColumn().AddColumn(new GridColumn().RightAligned());
        foreach (var row in _rows.Values.OrderBy(r => r.Order))
        {
            var mark = row.Failed ? "[red]✘[/]" : row.Done ? "[green]✔[/]" : "[yellow]⠿[/]";
            var state = row.Failed ? $"[red]{row.State}[/]" : row.Done ? $"[green]{row.State}[/]" : $"[yellow]{row.State}[/]";
            grid.AddRow(new Markup($"{mark} {Markup.Escape(row.Label)}"), new Markup(state),
                new Text(row.Elapsed is { } e ? $"{e.TotalSeconds:0.0}s" : ""));
        }
        return grid;
    }
}
