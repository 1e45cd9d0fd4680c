using System.Net;
using Composer.Engine;

namespace Composer.Testing;

/// <summary>One engine call as the fake saw it: the method (without "Async"), what it was about, and the rest.</summary>
/// <param name="Subject">A container's name (ids are resolved to names, so tests read like the plan), a network, volume or image.</param>
public sealed record EngineCall(int Sequence, string Method, string? Subject, string Detail = "")
{
    public override string ToString() => Subject is null ? Method : Detail.Length == 0 ? $"{Method} {Subject}" : $"{Method} {Subject} {Detail}";
}

/// <summary>When a faulty call fails: before the engine acts, or after it acted and the answer was lost on the way back.</summary>
public enum FaultTiming { Before, After }

/// <summary>
/// The faults a test plans for engine calls: a call that throws (by its number or by a
/// predicate), and a slow call. Each rule applies to the calls it matches, for as many times as it
/// was given; the first matching rule that still has times left wins.
/// </summary>
public sealed class FaultPlan
{
    private readonly List<Rule> _rules = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>The <paramref name="nth"/> call (1-based) of <paramref name="method"/> throws <paramref name="error"/> (an engine 500 by default).</summary>
    public FaultPlan FailNth(string method, int nth, Func<EngineCall, Exception>? error = null, FaultTiming timing = FaultTiming.Before) =>
        Add(new Rule(c => c.Method == method, error ?? Errors.Api, null, timing) { Nth = nth, Method = method });

    /// <summary>Calls matching <paramref name="match"/> throw, <paramref name="times"/> times (null: every time).</summary>
    public FaultPlan Fail(Func<EngineCall, bool> match, Func<EngineCall, Exception>? error = null, int? times = null, FaultTiming timing = FaultTiming.Before) =>
        Add(new Rule(match, error ?? Errors.Api, null, timing) { Remaining = times });

    /// <summary>Calls of <paramref name="method"/> about <paramref name="subject"/> (any, when null) throw, <paramref name="times"/> times.</summary>
    public FaultPlan Fail(string method, string? subject = null, Func<EngineCall, Exception>? error = null, int? times = 1, FaultTiming timing = FaultTiming.Before) =>
        Fail(c => c.Method == method && (subject is null || c.Subject == subject), error, times, timing);

    /// <summary>
    /// Calls matching <paramref name="match"/> take <paramref name="delay"/> (on the fake's clock) before
    /// the engine acts; <see cref="Timeout.InfiniteTimeSpan"/> makes a call that only its token ends.
    /// </summary>
    public FaultPlan Slow(Func<EngineCall, bool> match, TimeSpan delay, int? times = null) =>
        Add(new Rule(match, null, delay, FaultTiming.Before) { Remaining = times });

    public FaultPlan Slow(string method, TimeSpan delay, int? times = null) => Slow(c => c.Method == method, delay, times);

    /// <summary>Removes every rule: the engine behaves from here on.</summary>
    public void Clear()
    {
        lock (_rules) _rules.Clear();
    }

    /// <summary>What the fake does to this call (counted here, so a rule added later still sees true call numbers).</summary>
    internal (Func<EngineCall, Exception>? Error, FaultTiming Timing, TimeSpan? Delay) Decide(EngineCall call)
    {
        lock (_rules)
        {
            var number = _counts[call.Method] = _counts.GetValueOrDefault(call.Method) + 1;
            TimeSpan? delay = null;
            foreach (var rule in _rules)
            {
                if (rule.Nth is { } nth ? rule.Method != call.Method || number != nth : rule.Remaining is 0 || !rule.Match(call)) continue;
                if (rule.Remaining is { } left) rule.Remaining = left - 1;
                if (rule.Delay is { } d) { delay ??= d; continue; } // a slow call may also be one that fails
                return (rule.Error, rule.Timing, delay);
            }
            return (null, FaultTiming.Before, delay);
        }
    }

    private FaultPlan Add(Rule rule)
    {
        lock (_rules) _rules.Add(rule);
        return this;
    }

    private sealed record Rule(Func<EngineCall, bool> Match, Func<EngineCall, Exception>? Error, TimeSpan? Delay, FaultTiming Timing)
    {
        public int? Nth { get; init; }
        public string? Method { get; init; }
        public int? Remaining { get; set; }
    }

    /// <summary>The errors a real engine (or its absence) gives, to pass as a rule's error.</summary>
    public static class Errors
    {
        public static Exception Api(EngineCall call) =>
            new EngineApiException(HttpStatusCode.InternalServerError, $"injected failure of {call}");

        public static Exception Unavailable(EngineCall call) =>
            new EngineUnavailableException("unix:///fake/docker.sock", new IOException("connection refused"));

        public static Exception NotFound(EngineCall call) => new EngineNotFoundException($"No such object: {call.Subject}");

        public static Exception Conflict(EngineCall call) => new EngineConflictException($"injected conflict of {call}");
    }
}
