using Composer.Model;
using Composer.Engine;
using Composer.Reconciler;
using Composer.Reconciler.Supervision;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// The agent's one subscription to engine events (containers of compose projects). Events go
/// to the supervisor, and poke the project they concern when they may change what should
/// exist. When the engine goes away, the pump tells the supervisor and reconnects with backoff;
/// once back, every project is resynced (containers the engine restarted without us need us).
/// Stops the engine makes while it shuts down are not passed on: they are not a user's choice.
/// </summary>
internal sealed class EventPump(IEngineClient engine, Supervisor supervisor, AgentStateStore store, ILogger logger,
    Func<string, bool> isRegistered, Action<string> pokeProject, Action engineBack)
{
    private static readonly ResiliencePipeline Reconnect = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(5),
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
        })
        .Build();

    private readonly EventDeduplicator _dedup = new(store.LastEventAt is { } at ? (at - DateTimeOffset.UnixEpoch).Ticks * 100 : 0);
    private bool _connectedBefore;
    private bool _lost;

    public long Events => Interlocked.Read(ref _events);
    private long _events;

    public Task RunAsync(CancellationToken cancellationToken) =>
        Reconnect.ExecuteAsync(async token => await FollowAsync(token).ConfigureAwait(false), cancellationToken).AsTask();

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A new connection, not a pooled one: an engine on its way down still answers on those,
            // and taking that for "back" would announce it once per reconnection attempt.
            if (!await engine.AcceptsNewConnectionsAsync(cancellationToken).ConfigureAwait(false))
                throw new IOException("the engine does not accept connections");
            if (_connectedBefore && _lost)
            {
                logger.LogInformation("engine is back: resyncing every project");
                engineBack();
            }
            if (!_connectedBefore || _lost) await supervisor.ForgetDestroyedAsync(cancellationToken).ConfigureAwait(false);
            _connectedBefore = true;
            _lost = false;
            var filters = new EventFilters { Type = ["container"], Labels = [ComposeLabels.Project], Since = store.LastEventAt };
            await foreach (var engineEvent in engine.MonitorEventsAsync(filters, cancellationToken).ConfigureAwait(false))
                await HandleAsync(engineEvent, cancellationToken).ConfigureAwait(false);
            throw new IOException("the engine closed the event stream");
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            if (!_lost)
            {
                _lost = true;
                logger.LogWarning("lost the engine ({Error}); reconnecting", error.Message);
                await supervisor.EngineLostAsync().ConfigureAwait(false);
            }
            throw;
        }
    }


    private async Task HandleAsync(EngineEvent engineEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _events);
        if (engineEvent.TimeNano is { } nanos)
        {
            var newest = _dedup.NewestNanos;
            if (!_dedup.IsNew(nanos, engineEvent.Actor?.ID ?? "", engineEvent.Action ?? "")) return; // already handled
            if (_dedup.NewestNanos > newest) store.SawEventAt(engineEvent.At);
        }
        if (engineEvent.Actor?.Attributes?.GetValueOrDefault(ComposeLabels.Project) is not { } project || !isRegistered(project)) return;
        // Shutting down, the engine closes its listener first and then stops every container: a stop
        // (or death) it announces while refusing new connections is its own, and no reason to restart
        // anything before it is back. One made while it still accepts them came before the shutdown,
        // however shortly: a user's, kept across the restart.
        if (engineEvent.Action is "kill" or "stop" or "die"
            && !await engine.AcceptsNewConnectionsAsync(cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("{Container}: {Action} by the engine's shutdown, not a user", engineEvent.Actor.Attributes?.GetValueOrDefault("name"), engineEvent.Action);
            return;
        }
        supervisor.Observe(engineEvent);
        var action = engineEvent.Action;
        var known = engineEvent.Actor.ID is { } id && supervisor.IsSupervised(id);
        // Containers appearing or vanishing change what the plan would do; a start of one we do not
        // supervise yet (someone ran `up`) is one to adopt.
        if (action is "create" or "destroy" || (action == "start" && !known)) pokeProject(project);
    }
}
