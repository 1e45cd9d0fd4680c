using Spectre.Console;
using Spectre.Console.Rendering;
using static Composer.Orchestrator.Output.BuildBoard;

namespace Composer.Orchestrator.Output;

/// <summary>
/// BuildKit steps drawn in the live view, one line each much as buildx draws them: ` => [web 2/5]
/// RUN pip install ...` with its state in a column of its own (DONE, CACHED, ERROR, CANCELED, or
/// nothing while it runs) and its time on the right; under a running step its last lines of output,
/// ` => => # ...`.
/// </summary>
internal static class BuildSteps
{
    /// <summary>Lines of a running step's output shown under it.</summary>
    public const int TailLines = 6;

    /// <summary>The lines as text (no colours), for tests and plain consoles.</summary>
    /// <summary>One line: the step, its state word (none while it runs) and its time.</summary>
    public sealed record Line(string Step, string State, string Time, StepState Of, bool IsOutput)
    {
        public override string ToString() => IsOutput ? Step : $"{Step}  {State}  {Time}";
    }

    public static IReadOnlyList<Line> Lines(IReadOnlyList<StepView> steps, bool withOutput)
    {
        List<Line> lines = [];
        foreach (var step in steps)
        {
            var state = step.State switch { StepState.Running => "", StepState.Error when step.Cancelled => "CANCELED", _ => step.State.ToString().ToUpperInvariant() };
            lines.Add(new($" => {step.Name}", state, BuildPlainPrinter.Seconds(step.Elapsed), step.State, false));
            if (withOutput && step.State == StepState.Running)
                foreach (var output in step.Tail.TakeLast(TailLines)) lines.Add(new($" => => # {output}", "", "", step.State, true));
        }
        return lines;
    }

    public static IRenderable Render(IReadOnlyList<StepView> steps, bool withOutput)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap())
            .AddColumn(new GridColumn().RightAligned().NoWrap());
        foreach (var line in Lines(steps, withOutput))
        {
            var style = line.IsOutput ? new Style(Color.Grey) : line.Of switch
            {
                StepState.Error => new Style(Color.Red),
                StepState.Running => new Style(Color.Yellow),
                _ => new Style(Color.Blue),
            };
            grid.AddRow(new Text(line.Step, style).Overflow(Overflow.Ellipsis), new Text(line.State, style), new Text(line.Time, style));
        }
        return grid;
    }
}
