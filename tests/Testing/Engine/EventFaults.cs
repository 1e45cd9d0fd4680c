using Composer.Engine;

namespace Composer.Testing;

/// <summary>What happens to an engine event on its way to the subscribers.</summary>
public enum EventFate
{
    Deliver,
    /// <summary>Lost: no subscriber sees it (the engine's history still has it, so a replay with `since` does).</summary>
    Drop,
    /// <summary>Delivered twice, as a reconnect that replays what was already seen.</summary>
    Duplicate,
    /// <summary>Held back until <see cref="FakeEngine.ReleaseHeldEvents"/>: it arrives late, after events that came after it.</summary>
    Hold,
    /// <summary>Delivered after a delay on the fake's clock (so, possibly, out of order).</summary>
    Delay,
}

/// <summary>
/// The faults a test plans for the event stream. Rules are tried in order; the first that
/// matches and has times left decides the event's fate.
/// </summary>
public sealed class EventFaults
{
    private readonly List<Rule> _rules = [];

    public EventFaults Drop(Func<EngineEvent, bool> match, int? times = null) => Add(match, EventFate.Drop, TimeSpan.Zero, times);

    public EventFaults Duplicate(Func<EngineEvent, bool> match, int? times = null) => Add(match, EventFate.Duplicate, TimeSpan.Zero, times);

    public EventFaults Hold(Func<EngineEvent, bool> match, int? times = null) => Add(match, EventFate.Hold, TimeSpan.Zero, times);

    public EventFaults Delay(Func<EngineEvent, bool> match, TimeSpan delay, int? times = null) => Add(match, EventFate.Delay, delay, times);

    /// <summary>Matches a container event by action (a prefix, so "health_status" matches every health event) and, optionally, container name.</summary>
    public static Func<EngineEvent, bool> Action(string action, string? container = null) => e =>
        (e.Action ?? "").StartsWith(action, StringComparison.Ordinal)
        && (container is null || e.Actor?.Attributes?.GetValueOrDefault("name") == container);

    public static Func<EngineEvent, bool> Any { get; } = _ => true;

    public void Clear()
    {
        lock (_rules) _rules.Clear();
    }

    internal (EventFate Fate, TimeSpan Delay) Decide(EngineEvent engineEvent)
    {
        lock (_rules)
        {
            foreach (var rule in _rules)
            {
                if (rule.Remaining is 0 || !rule.Match(engineEvent)) continue;
                if (rule.Remaining is { } left) rule.Remaining = left - 1;
                return (rule.Fate, rule.Delay);
            }
            return (EventFate.Deliver, TimeSpan.Zero);
        }
    }

    private EventFaults Add(Func<EngineEvent, bool> match, EventFate fate, TimeSpan delay, int? times)
    {
        lock (_rules) _rules.Add(new Rule(match, fate, delay) { Remaining = times });
        return this;
    }

    private sealed record Rule(Func<EngineEvent, bool> Match, EventFate Fate, TimeSpan Delay)
    {
        public int? Remaining { get; set; }
    }
}
