using Composer.Model;
using Composer.Reconciler.Supervision;
using static Composer.Reconciler.Tests.Supervision.SupervisionHarness;

namespace Composer.Reconciler.Tests.Supervision;

/// <summary>
/// An agent killed with kill -9 and started again: a second supervision on the memory the first
/// left behind, fed the events the engine replays. Restart counts, the backoff position and a
/// pending delay carry over; replayed starts of our own are not taken for a user's.
/// </summary>
public sealed class AgentRestartMemoryTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Replayed_starts_of_our_own_do_not_reset_the_count_of_on_failure()
    {
        var memory = new VolatileSupervisorMemory();
        var starts = new List<DateTimeOffset>();
        Microsoft.Extensions.Time.Testing.FakeTimeProvider clock;
        await using (var first = new SupervisionHarness(Settings(RestartKind.OnFailure, maxRetries: 3), memory))
        {
            clock = first.Time;
            first.Dies(1);
            Assert.Equal("start", await first.ActsAfterAsync(Second));
            first.Dies(1);
            Assert.Equal("start", await first.ActsAfterAsync(2 * Second));
            starts.AddRange(first.Actions.History.Where(a => a.Action == "start").Select(a => a.At));
            first.Dies(1);
            await first.WaitForBackoffAsync(); // killed while it waits out 4 s
        }
        Assert.Equal(2, memory.Recall("c1").Restarts);

        await using var second = new SupervisionHarness(Settings(RestartKind.OnFailure, maxRetries: 3), memory, clock);
        foreach (var at in starts) second.Supervision.Started(at); // the engine replays what the first agent did
        Assert.Equal(2, memory.Recall("c1").Restarts);
        second.Supervision.Adopt(false, 1, clock.GetUtcNow() - TimeSpan.FromMilliseconds(50), clock.GetUtcNow(), null);
        Assert.Equal("start", await second.ActsAfterAsync(4 * Second));
        second.Dies(1);
        await second.StaysPutAsync(); // three restarts made in all
        Assert.Equal(3, memory.Recall("c1").Restarts);
    }

    [Fact]
    public async Task A_pending_delay_resumes_where_it_stood_and_the_backoff_goes_on_growing()
    {
        var memory = new VolatileSupervisorMemory();
        Microsoft.Extensions.Time.Testing.FakeTimeProvider clock;
        await using (var first = new SupervisionHarness(Settings(RestartKind.Always), memory))
        {
            clock = first.Time;
            first.Dies(1);
            Assert.Equal("start", await first.ActsAfterAsync(Second));
            first.Dies(1);
            await first.WaitForBackoffAsync(); // 2 s to wait
            clock.Advance(TimeSpan.FromMilliseconds(500));
        }
        // The new agent comes up 0.5 s into the 2 s: 1.5 s are left, not 0 and not 2.
        await using var second = new SupervisionHarness(Settings(RestartKind.Always), memory, clock);
        second.Supervision.Adopt(false, 1, clock.GetUtcNow() - Second, clock.GetUtcNow() - TimeSpan.FromMilliseconds(500), null);
        Assert.Equal("start", await second.ActsAfterAsync(TimeSpan.FromMilliseconds(1500)));
        second.Dies(1);
        Assert.Equal("start", await second.ActsAfterAsync(4 * Second)); // the next step of the same backoff
    }

    [Fact]
    public void A_start_is_ours_when_one_was_pending_old_news_when_replayed_and_a_users_otherwise()
    {
        var t0 = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        var memory = new ContainerMemory(1, null).BeforeOurStart();
        Assert.Equal(2, memory.Restarts);

        var (afterOurs, byUser) = memory.AfterStart(t0);
        Assert.False(byUser);
        Assert.Equal(2, afterOurs.Restarts);
        Assert.False(afterOurs.StartPending);

        Assert.Equal((afterOurs, false), afterOurs.AfterStart(t0)); // the same event again
        Assert.Equal((afterOurs, false), afterOurs.AfterStart(t0 - Second)); // an older one

        var stopped = afterOurs with { UserStoppedAt = t0 };
        var (afterUsers, usersStart) = stopped.AfterStart(t0 + Second);
        Assert.True(usersStart);
        Assert.Equal(0, afterUsers.Restarts);
        Assert.Null(afterUsers.UserStoppedAt);
        Assert.Equal(t0 + Second, afterUsers.LastStartAt);
    }

    [Fact]
    public void A_refused_start_is_not_counted()
    {
        var memory = new ContainerMemory(1, null).BeforeOurStart().AfterFailedStart();
        Assert.Equal(1, memory.Restarts);
        Assert.False(memory.StartPending);
    }
}
