using Composer.Reconciler.Supervision;

namespace Composer.Reconciler.Tests.Supervision;

public sealed class EventDeduplicatorTests
{
    [Fact]
    public void An_event_that_arrives_out_of_time_order_is_still_handled()
    {
        var dedup = new EventDeduplicator(persistedNanos: 0);
        Assert.True(dedup.IsNew(2_000, "other", "start"));
        Assert.True(dedup.IsNew(1_999, "always-1", "die")); // stamped first, published second
        Assert.Equal(2_000, dedup.NewestNanos);
    }

    [Fact]
    public void An_event_replayed_after_a_reconnect_is_dropped()
    {
        var dedup = new EventDeduplicator(persistedNanos: 0);
        Assert.True(dedup.IsNew(1_000, "web-1", "die"));
        Assert.False(dedup.IsNew(1_000, "web-1", "die"));
        Assert.True(dedup.IsNew(1_000, "web-2", "die")); // the same instant, another container
    }

    [Fact]
    public void Events_a_previous_agent_handled_are_dropped_and_newer_ones_kept()
    {
        var dedup = new EventDeduplicator(persistedNanos: 5_000);
        Assert.False(dedup.IsNew(5_000, "web-1", "die"));
        Assert.False(dedup.IsNew(4_000, "web-1", "start"));
        Assert.True(dedup.IsNew(5_001, "web-1", "start"));
    }
}
