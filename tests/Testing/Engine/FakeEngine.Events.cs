using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Composer.Engine;

namespace Composer.Testing;

public sealed partial class FakeEngine
{
    private readonly List<Subscriber> _subscribers = [];
    private readonly List<EngineEvent> _history = [];
    private readonly List<EngineEvent> _held = [];

    /// <summary>Every event the engine published, in order, whatever became of it on the way (the engine's own history).</summary>
    public IReadOnlyList<EngineEvent> History
    {
        get { lock (_lock) return [.. _history]; }
    }

    /// <summary>Delivers the events <see cref="EventFaults.Hold"/> held back: late, after what came since.</summary>
    public void ReleaseHeldEvents()
    {
        lock (_lock)
        {
            foreach (var held in _held) Deliver(held);
            _held.Clear();
        }
    }

    /// <summary>Sends an event to the subscribers as it is (a replay of an old one, one of another tool): no history, no faults.</summary>
    public void Inject(EngineEvent engineEvent)
    {
        lock (_lock) Deliver(engineEvent);
    }

    /// <summary>The engine goes away: every event stream ends with <paramref name="error"/> (an <see cref="EngineUnavailableException"/> by default).</summary>
    public void BreakEventStreams(Exception? error = null) =>
        CompleteSubscribers(error ?? new EngineUnavailableException(Endpoint.Address, new IOException("the event stream broke")));

    /// <summary>The number of event streams open now (a test can wait for its pump to be listening).</summary>
    public int Subscribers
    {
        get { lock (_lock) return _subscribers.Count; }
    }

    /// <summary>
    /// Events as the engine streams them: those in its history since <see cref="EventFilters.Since"/>
    /// first, then live ones, filtered by type, label, action and container. Ends when the token fires.
    /// </summary>
    public async IAsyncEnumerable<EngineEvent> MonitorEventsAsync(EventFilters filters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lost = await EnterAsync("MonitorEvents", null, string.Join(',', filters.Type.Concat(filters.Labels).Concat(filters.Event)), cancellationToken);
        Leave(lost);
        var subscriber = new Subscriber(filters, Channel.CreateUnbounded<EngineEvent>());
        lock (_lock)
        {
            if (filters.Since is { } since)
                foreach (var past in _history.Where(e => e.At >= since)) subscriber.Offer(past);
            _subscribers.Add(subscriber);
        }
        try
        {
            await foreach (var engineEvent in subscriber.Channel.Reader.ReadAllAsync(cancellationToken))
                yield return engineEvent;
        }
        finally
        {
            lock (_lock) _subscribers.Remove(subscriber);
        }
    }

    private void CompleteSubscribers(Exception? error)
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers) subscriber.Channel.Writer.TryComplete(error);
            _subscribers.Clear();
        }
    }

    /// <summary>Under the lock: records the event and sends it on, unless a planned fault decides otherwise.</summary>
    private void Publish(EngineEvent engineEvent)
    {
        _history.Add(engineEvent);
        var (fate, delay) = EventFaults.Decide(engineEvent);
        switch (fate)
        {
            case EventFate.Drop: break;
            case EventFate.Duplicate: Deliver(engineEvent); Deliver(engineEvent); break;
            case EventFate.Hold: _held.Add(engineEvent); break;
            case EventFate.Delay: After(delay, () => Deliver(engineEvent)); break;
            default: Deliver(engineEvent); break;
        }
    }

    private void Deliver(EngineEvent engineEvent)
    {
        foreach (var subscriber in _subscribers) subscriber.Offer(engineEvent);
    }

    /// <summary>A container event as the engine words it: the container's labels, name and image as attributes.</summary>
    private EngineEvent ContainerEvent(FakeContainer container, string action, params (string Key, string Value)[] extra)
    {
        var attributes = new Dictionary<string, string>(container.Labels) { ["name"] = container.Name, ["image"] = container.Config.Image ?? "" };
        foreach (var (key, value) in extra) attributes[key] = value;
        return Stamp(new EngineEvent { Type = "container", Action = action, Actor = new EventActor { ID = container.Id, Attributes = attributes } });
    }

    private EngineEvent NetworkEvent(string network, string action, string? containerId)
    {
        var attributes = new Dictionary<string, string> { ["name"] = network, ["type"] = "bridge" };
        if (containerId is not null) attributes["container"] = containerId;
        var id = _networks.GetValueOrDefault(network)?.Id ?? network;
        return Stamp(new EngineEvent { Type = "network", Action = action, Actor = new EventActor { ID = id, Attributes = attributes } });
    }

    private EngineEvent Stamp(EngineEvent engineEvent)
    {
        var nanos = (Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        engineEvent.TimeNano = nanos;
        engineEvent.Time = nanos / 1_000_000_000;
        return engineEvent;
    }

    private sealed record Subscriber(EventFilters Filters, Channel<EngineEvent> Channel)
    {
        public void Offer(EngineEvent engineEvent)
        {
            if (Wants(engineEvent)) Channel.Writer.TryWrite(engineEvent);
        }

        private bool Wants(EngineEvent e)
        {
            var attributes = e.Actor?.Attributes ?? [];
            return (Filters.Type.Count == 0 || Filters.Type.Contains(e.Type ?? ""))
                && MatchesLabels(attributes, Filters.Labels)
                // The engine matches "health_status" against every "health_status: ..." action.
                && (Filters.Event.Count == 0 || Filters.Event.Any(a => (e.Action ?? "").Split(':')[0] == a))
                && (Filters.Container.Count == 0 || Filters.Container.Any(c => c == e.Actor?.ID || c == attributes.GetValueOrDefault("name")));
        }
    }
}
