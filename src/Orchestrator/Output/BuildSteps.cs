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

    /// <summary>Width of the state and time columns: "CANCELED" and " 999.9s".</summary>
    private const int StateWidth = 9, TimeWidth = 7;

    /// <summary>
    /// The lines fitted to <paramref name="width"/> as buildx fits them: the step's name cut short
    /// (never wrapped, which would break the redraw), state and time always shown on the right.
    /// </summary>
    public static IRenderable Render(IReadOnlyList<StepView> steps, bool withOutput, int width)
    {
        var nameWidth = Math.Max(12, width - StateWidth - TimeWidth - 1);
        var rows = new List<IRenderable>();
        foreach (var line in Lines(steps, withOutput))
        {
            var style = line.IsOutput ? new Style(Color.Grey) : line.Of switch
            {
                StepState.Error => new Style(Color.Red),
                StepState.Running => new Style(Color.Yellow),
                _ => new Style(Color.Blue),
            };
            var text = line.IsOutput ? Fit(line.Step, width - 1) : $"{Fit(line.Step, nameWidth).PadRight(nameWidth)} {line.State,-StateWidth}{line.Time,TimeWidth}";
            rows.Add(new Text(text, style));
        }
        return new Rows(rows);
    }

    private static string Fit(string text, int width) => text.Length <= width ? text : text[..Math.Max(0, width - 1)] + "…";
}
