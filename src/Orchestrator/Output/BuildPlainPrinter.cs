using System.Globalization;
using Composer.Engine;
using static Composer.Orchestrator.Output.BuildBoard;

namespace Composer.Orchestrator.Output;

/// <summary>
/// `--progress plain` for BuildKit builds, in buildx's words: `#5 [web 2/5] RUN ...` when a step
/// starts, `#5 0.312 output` for each line of its output (seconds since it started), then
/// `#5 CACHED`, `#5 DONE 0.3s` or `#5 ERROR: ...` followed by the step's last lines. Every line
/// carries its step's number, so the lines of builds running side by side stay readable.
/// </summary>
public sealed class BuildPlainPrinter(Action<string> write)
{
    private readonly BuildBoard _board = new();

    public void Step(string service, BuildStepEvent stepEvent)
    {
        foreach (var change in _board.Apply(service, stepEvent))
            if (Text(change) is { } text) write(text);
    }

    /// <summary>The line(s) one change prints; a failure's report is one piece so parallel builds cannot split it.</summary>
    public static string? Text(Change change)
    {
        var step = change.Step;
        return change switch
        {
            Began => $"#{step.Number} {step.Name}",
            Logged logged => $"#{step.Number} {logged.Line}",
            SubTaskDone done => $"#{step.Number} {done.Status.Id}{Amount(done.Status)}{Duration(done.Status)} done",
            Ended when step.State == StepState.Error && step.Cancelled => $"#{step.Number} CANCELED",
            Ended when step.State == StepState.Error =>
                string.Join('\n', [$"#{step.Number} ERROR: {step.Error}", .. FailureReport(step, [.. step.Tail])]),
            Ended when step.State == StepState.Cached => $"#{step.Number} CACHED",
            Ended => $"#{step.Number} DONE {Seconds(step.Elapsed(DateTimeOffset.UtcNow))}",
            _ => null,
        };
    }

    internal static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private static string Amount(BuildStepStatus status) =>
        status.Total > 0 ? $" {Bytes(status.Current)} / {Bytes(status.Total)}" : status.Current > 0 ? $" {Bytes(status.Current)}" : "";

    private static string Duration(BuildStepStatus status) =>
        status is { Started: { } started, Completed: { } completed } && (completed - started).TotalSeconds > 0.01 ? " " + Seconds(completed - started) : "";

    /// <summary>Decimal units with two decimals, as buildx prints amounts ("2.34MB").</summary>
    internal static string Bytes(long count)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        double value = count;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1) { value /= 1000; unit++; }
        return (unit == 0 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture)) + units[unit];
    }
}

/// <summary>
/// `--progress quiet` and `build -q` for BuildKit builds: nothing, unless a step fails; then its
/// last lines of output (the error message itself comes with the failed command's exit).
/// </summary>
public sealed class BuildFailurePrinter(Action<string> write)
{
    private readonly BuildBoard _board = new();

    public void Step(string service, BuildStepEvent stepEvent)
    {
        foreach (var change in _board.Apply(service, stepEvent))
            if (change is Ended { Step: { State: StepState.Error, Cancelled: false } step })
                write(string.Join('\n', FailureReport(step, [.. step.Tail])));
    }
}
