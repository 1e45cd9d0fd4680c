using System.Collections.Concurrent;
using Composer.Engine;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Composer.Orchestrator.Output;

/// <summary>
/// Progress on a terminal: one line per resource, redrawn in place (Spectre.Console live display)
/// as operations start and finish, so a 20-service `up` fits on a screen instead of scrolling.
/// Build and pull output shows as its last few lines under the rows while it runs; when the work
/// fails, the end of that output is printed after the view, where the failing step's own words are.
/// BuildKit builds show their steps under the rows (`=> [web 1/5] FROM ...  CACHED  0.0s`,
/// `=> [web 2/5] RUN ...  3.2s` and the last lines of the steps running).
/// </summary>
public sealed class LiveProgress : IExecutionObserver
{
    /// <summary>How much build output the view shows while running, and prints after a failure.</summary>
    public const int TailWhileRunning = 6, TailAfterFailure = 40;

    private readonly ConcurrentDictionary<string, Row> _rows = new();
    private readonly Queue<string> _output = new();

    /// <summary>The BuildKit builds' steps, as the view draws them.</summary>
    public BuildBoard Builds { get; } = new();

    /// <summary>A BuildKit build's step changed (the reconciler's build step sink).</summary>
    public void Step(string service, BuildStepEvent stepEvent) => Builds.Apply(service, stepEvent);
    private int _order;
    /// <summary>The terminal's width, which build steps are fitted to (a wrapped line would break the redraw).</summary>
    private int _width = 80;

    /// <param name="Talks">A build or pull: it has output worth showing while it runs.</param>
    private sealed record Row(int Order, string Label, string State, bool Done, bool Failed, TimeSpan? Elapsed, bool Talks);

    public void Started(Operation operation) => Set(operation, ProgressText.Doing(operation), done: false, failed: false, null);

    public void Completed(Operation operation, TimeSpan elapsed) => Set(operation, ProgressText.Done(operation), done: true, failed: false, elapsed);

    public void Failed(Operation operation, Exception error) => Set(operation, "Error", done: true, failed: true, null);

    public void Progressed(Operation operation, string state) =>
        Set(operation, $"{ProgressText.Doing(operation)}: {state}", done: false, failed: false, null);

    /// <summary>A line of build or pull output (the reconciler's log).</summary>
    public void Output(string line)
    {
        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > TailAfterFailure) _output.Dequeue();
        }
    }

    /// <summary>The last <paramref name="count"/> lines of build and pull output.</summary>
    public IReadOnlyList<string> OutputTail(int count)
    {
        lock (_output) return [.. _output.TakeLast(count)];
    }

    /// <summary>The rows as plain text, in the order resources first appeared.</summary>
    public IReadOnlyList<string> Lines() =>
        [.. _rows.Values.OrderBy(r => r.Order).Select(r => $"{(r.Failed ? "✘" : r.Done ? "✔" : "…")} {r.Label}  {r.State}")];

    public async Task RunAsync(IAnsiConsole console, Func<Task> work)
    {
        // The failure is held until the view has drawn its last frame (the failed row included).
        Exception? failure = null;
        _width = console.Profile.Width;
        await console.Live(Render(withOutput: true)).AutoClear(false).StartAsync(async context =>
        {
            var running = AsTask(work);
            while (!running.IsCompleted)
            {
                context.UpdateTarget(Render(withOutput: true));
                await Task.WhenAny(running, Task.Delay(80));
            }
            context.UpdateTarget(Render(withOutput: false));
            try { await running; }
            catch (Exception error) { failure = error; }
        });
        if (failure is null) return;
        foreach (var line in Builds.FailureReports()) console.WriteLine(line, new Style(Color.Grey));
        foreach (var line in OutputTail(TailAfterFailure)) console.WriteLine(line, new Style(Color.Grey));
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>Runs the work so that even a synchronous throw arrives as a failed task.</summary>
    private static async Task AsTask(Func<Task> work) => await work();

    private void Set(Operation operation, string? state, bool done, bool failed, TimeSpan? elapsed)
    {
        if (state is null) return;
        var label = $"{ProgressText.Noun(operation)} {operation.Subject}";
        _rows.AddOrUpdate(label,
            _ => new Row(Interlocked.Increment(ref _order), label, state, done, failed, elapsed,
                operation.Kind is OperationKind.BuildImage or OperationKind.PullImage),
            (_, row) => row with { State = state, Done = done, Failed = failed, Elapsed = elapsed });
    }

    private IRenderable Render(bool withOutput)
    {
        var rows = Builds.IsEmpty ? RenderRows() : new Rows(RenderRows(), BuildSteps.Render(Builds.View(DateTimeOffset.UtcNow), withOutput, _width));
        var tail = withOutput && _rows.Values.Any(r => r is { Talks: true, Done: false })
            ? OutputTail(TailWhileRunning)
            : [];
        if (tail.Count == 0) return rows;
        return new Rows([rows, .. tail.Select(line => new Text("    " + line, new Style(Color.Grey)).Overflow(Overflow.Ellipsis))]);
    }

    private IRenderable RenderRows()
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
