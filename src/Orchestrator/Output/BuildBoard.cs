using Composer.Engine;

namespace Composer.Orchestrator.Output;

/// <summary>
/// The steps of every BuildKit build of a run, as buildx keeps them: numbered in the order they
/// start (one numbering for all services, so `#5` names one step of one service), named with the
/// service (`[web 2/5] RUN ...`), with their state, run time and last lines of output. Pure state:
/// the printers and the live view read it. Fed from several builds at once.
/// </summary>
public sealed class BuildBoard
{
    /// <summary>Lines of a step's output kept for the live view and for a failure's report (buildx keeps 10).</summary>
    public const int KeptLines = 10;

    private readonly object _gate = new();
    private readonly Dictionary<(string Service, string Digest), Step> _steps = [];
    private readonly List<Step> _order = [];

    public enum StepState { Running, Done, Cached, Error }

    /// <summary>One step of one service's build.</summary>
    public sealed class Step(string service, string digest)
    {
        public string Service { get; } = service;
        public string Digest { get; } = digest;
        /// <summary>0 until the step starts: BuildKit lists the whole graph before anything runs.</summary>
        public int Number { get; internal set; }
        public string Name { get; internal set; } = "";
        public StepState State { get; internal set; }
        public string? Error { get; internal set; }
        internal DateTimeOffset? LastStart { get; set; }
        internal Dictionary<DateTimeOffset, DateTimeOffset?> Intervals { get; } = [];
        internal Queue<string> Tail { get; } = new();
        internal HashSet<string> StatusesDone { get; } = new(StringComparer.Ordinal);

        /// <summary>Time the step has run: its intervals, a running one up to <paramref name="now"/>.</summary>
        public TimeSpan Elapsed(DateTimeOffset now) =>
            Intervals.Aggregate(TimeSpan.Zero, (sum, i) => sum + ((i.Value ?? (State == StepState.Running ? now : i.Key)) - i.Key is { Ticks: > 0 } d ? d : TimeSpan.Zero));

        /// <summary>A cancelled step (another step failed first) is not the build's error, as buildx tells them apart.</summary>
        public bool Cancelled => Error is { } e && e.EndsWith("context canceled", StringComparison.Ordinal);
    }

    /// <summary>What an event changed, for the printers that write as it happens.</summary>
    public abstract record Change(Step Step);
    public sealed record Began(Step Step) : Change(Step);
    public sealed record Ended(Step Step) : Change(Step);
    public sealed record Logged(Step Step, string Line) : Change(Step);
    public sealed record SubTaskDone(Step Step, BuildStepStatus Status) : Change(Step);

    /// <summary>The step name as buildx's bake shows it with several targets: `[web 2/5] RUN ...`, `[web] exporting to image`.</summary>
    public static string WithService(string service, string name) =>
        name.StartsWith('[') ? $"[{service} {name[1..]}" : $"[{service}] {name}";

    /// <summary>Applies one event; returns what it changed, in the order to print.</summary>
    public IReadOnlyList<Change> Apply(string service, BuildStepEvent stepEvent)
    {
        lock (_gate)
        {
            var step = Find(service, stepEvent.Digest);
            return stepEvent switch
            {
                BuildStepChanged changed => Changed(step, changed),
                BuildStepLog log => step.Number == 0 ? [] : Log(step, log),
                BuildStepStatus { Completed: not null } status when step.Number != 0 && step.StatusesDone.Add(status.Id) => [new SubTaskDone(step, status)],
                _ => [],
            };
        }
    }

    /// <summary>A started step as the live view draws it.</summary>
    public sealed record StepView(int Number, string Service, string Name, StepState State, TimeSpan Elapsed, IReadOnlyList<string> Tail, bool Cancelled);

    /// <summary>The started steps in the order they started, as they are at <paramref name="now"/>.</summary>
    public IReadOnlyList<StepView> View(DateTimeOffset now)
    {
        lock (_gate) return [.. _order.Select(s => new StepView(s.Number, s.Service, s.Name, s.State, s.Elapsed(now), [.. s.Tail], s.Cancelled))];
    }

    public bool IsEmpty
    {
        get { lock (_gate) return _order.Count == 0; }
    }

    /// <summary>
    /// The steps that failed, each with its last lines of output, framed as buildx frames them:
    /// <c>------</c>, <c> > [web 2/2] RUN make:</c>, the lines, <c>------</c>.
    /// </summary>
    public static IReadOnlyList<string> FailureReport(Step step, IReadOnlyList<string> tail) =>
        ["------", $" > {step.Name}:", .. tail, "------"];

    public IReadOnlyList<string> FailureReports()
    {
        lock (_gate)
            return [.. _order.Where(s => s is { State: StepState.Error, Cancelled: false }).SelectMany(s => FailureReport(s, [.. s.Tail]))];
    }

    private Step Find(string service, string digest)
    {
        if (!_steps.TryGetValue((service, digest), out var step)) _steps[(service, digest)] = step = new Step(service, digest);
        return step;
    }

    private List<Change> Changed(Step step, BuildStepChanged changed)
    {
        List<Change> changes = [];
        // Not started: BuildKit's first message lists the whole graph; such steps are not shown.
        if (changed.Started is not { } started) return changes;
        step.Name = WithService(step.Service, changed.Name);
        if (step.Number == 0)
        {
            _order.Add(step);
            step.Number = _order.Count;
            changes.Add(new Began(step));
        }
        var before = step.State;
        // BuildKit sends the whole vertex each time; a step may run more than once (each start its own interval).
        step.Intervals[started] = changed.Completed;
        step.LastStart = step.LastStart is { } last && last > started ? last : started;
        step.Error = changed.Error;
        step.State = changed.Completed is null ? StepState.Running
            : changed.Error is not null ? StepState.Error
            : changed.Cached ? StepState.Cached : StepState.Done;
        if (step.State != before && step.State != StepState.Running) changes.Add(new Ended(step));
        return changes;
    }

    private List<Change> Log(Step step, BuildStepLog log)
    {
        // As buildx: the line's time since the step's latest start, finer when short.
        var offset = step.LastStart is { } start ? Math.Max(0, (log.Timestamp - start).TotalSeconds) : 0;
        var line = $"{offset.ToString(offset < 10 ? "0.000" : offset < 100 ? "0.00" : "0.0", System.Globalization.CultureInfo.InvariantCulture)} {log.Line}";
        step.Tail.Enqueue(line);
        if (step.Tail.Count > KeptLines) step.Tail.Dequeue();
        return [new Logged(step, line)];
    }
}
