using Composer.Model;
using static Composer.Reconciler.Tests.Supervision.SupervisionHarness;

namespace Composer.Reconciler.Tests.Supervision;

public sealed class ContainerSupervisionTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task On_failure_2_restarts_twice_then_leaves_it()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.OnFailure, maxRetries: 2));
        h.Dies(1);
        Assert.Equal("start", await h.ActsAfterAsync(Second));
        h.Dies(1);
        Assert.Equal("start", await h.ActsAfterAsync(2 * Second));
        h.Dies(1);
        await h.StaysPutAsync();
        Assert.Equal(2, h.Memory.Recall("c1").Restarts);
    }

    [Fact]
    public async Task On_failure_ignores_a_clean_exit()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.OnFailure));
        h.Dies(0);
        await h.StaysPutAsync();
    }

    [Fact]
    public async Task No_never_restarts()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.No));
        h.Dies(137);
        await h.StaysPutAsync();
    }

    [Fact]
    public async Task Delays_grow_by_the_factor_while_the_container_keeps_crashing()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.Always, factor: 3));
        h.Dies(0);
        await h.ActsAfterAsync(Second);
        h.Dies(0);
        await h.ActsAfterAsync(3 * Second);
        h.Dies(0);
        await h.ActsAfterAsync(9 * Second);
        h.Dies(0);
        await h.ActsAfterAsync(27 * Second);
        h.Dies(0);
        await h.ActsAfterAsync(30 * Second); // capped
    }

    [Fact]
    public async Task A_long_run_resets_the_delay()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.Always));
        h.Dies(1);
        await h.ActsAfterAsync(Second);
        h.Dies(1);
        await h.ActsAfterAsync(2 * Second);
        h.Dies(1, ranFor: TimeSpan.FromSeconds(11));
        await h.ActsAfterAsync(Second);
    }

    [Fact]
    public async Task A_user_stop_is_respected_by_unless_stopped_and_always()
    {
        foreach (var kind in new[] { RestartKind.UnlessStopped, RestartKind.Always })
        {
            await using var h = new SupervisionHarness(Settings(kind));
            h.Supervision.Stopping(h.Time.GetUtcNow());
            h.Dies(0);
            await h.StaysPutAsync();
        }
    }

    [Fact]
    public async Task A_user_stop_while_the_restart_waits_out_its_delay_cancels_it()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.Always));
        h.Dies(1);
        await h.WaitForBackoffAsync();
        h.Time.Advance(TimeSpan.FromMilliseconds(100));
        h.Supervision.Stopping(h.Time.GetUtcNow()); // `composer stop`, told to the agent: the engine has nothing to stop
        await h.StaysPutAsync();
    }

    [Fact]
    public async Task A_user_stop_that_lands_while_our_restart_is_on_its_way_stops_it_again()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.Always));
        h.Actions.During = action => { if (action == "start") h.Supervision.Stopping(h.Time.GetUtcNow()); };
        h.Dies(1);
        Assert.Equal("start", await h.ActsAfterAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal("stop", await h.NextActionAsync());
    }

    [Fact]
    public async Task A_user_stop_stamped_just_before_our_start_but_heard_during_it_stops_it_again()
    {
        // The agent stamps `composer stop` when it hears it; between our last look at the memory
        // and our start call, that stamp can be older than the start and still be news.
        await using var h = new SupervisionHarness(Settings(RestartKind.UnlessStopped));
        h.Actions.During = action => { if (action == "start") h.Supervision.Stopping(h.Time.GetUtcNow() - TimeSpan.FromMilliseconds(1)); };
        h.Dies(1);
        Assert.Equal("start", await h.ActsAfterAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal("stop", await h.NextActionAsync());
    }

    [Fact]
    public async Task A_user_stop_told_during_our_restart_is_answered_once_the_restart_is_undone_with_the_users_grace()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.UnlessStopped));
        Assert.True(h.Supervision.UserStopsAsync(h.Time.GetUtcNow(), null).IsCompleted); // nothing of ours on its way
        h.UserStarts();
        var engineAnswers = new TaskCompletionSource();
        h.Actions.StartAnswered = engineAnswers.Task;
        h.Dies(1);
        Assert.Equal("start", await h.ActsAfterAsync(TimeSpan.FromSeconds(1)));

        var told = h.Supervision.UserStopsAsync(h.Time.GetUtcNow(), TimeSpan.FromSeconds(3));
        await Task.Delay(100);
        Assert.False(told.IsCompleted); // the CLI must not look yet: our start is still on its way
        engineAnswers.SetResult();
        Assert.Equal("stop", await h.NextActionAsync());
        await told.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(3), h.Actions.LastStopGrace);
    }

    [Fact]
    public async Task Status_says_restarting_from_our_start_call_until_the_engine_reports_the_start()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.Always));
        var engineAnswers = new TaskCompletionSource();
        h.Actions.StartAnswered = engineAnswers.Task;
        h.Dies(1);
        await h.WaitForBackoffAsync();
        Assert.Equal("backing-off", h.Supervision.Status().State);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("start", await h.Actions.NextAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("restarting", h.Supervision.Status().State);
        engineAnswers.SetResult();
        await Task.Delay(100);
        Assert.Equal("restarting", h.Supervision.Status().State); // answered, but its event is not here yet
        h.Supervision.Started(h.Actions.History[^1].At);
        Assert.Equal("running", h.Supervision.Status().State);
    }

    [Fact]
    public async Task An_always_container_the_user_stopped_is_not_stopped_again_when_the_agent_brings_it_back_at_start()
    {
        // `always` comes back when the agent starts (like the engine's own restart), despite an
        // old user stop: that stop was known when we decided, so it is no reason to undo the start.
        await using var h = new SupervisionHarness(Settings(RestartKind.Always));
        h.Memory.Remember("c1", new(0, h.Time.GetUtcNow() - TimeSpan.FromMinutes(1)));
        h.Supervision.Adopt(false, 0, h.Time.GetUtcNow() - Second, h.Time.GetUtcNow(), null);
        Assert.Equal("start", await h.NextActionAsync());
        Assert.Null(await h.Actions.NextAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task When_the_agent_starts_always_comes_back_and_unless_stopped_stays_stopped()
    {
        await using (var always = new SupervisionHarness(Settings(RestartKind.Always)))
        {
            always.Memory.Remember("c1", new(0, always.Time.GetUtcNow()));
            always.Supervision.Adopt(false, 0, always.Time.GetUtcNow() - Second, always.Time.GetUtcNow(), null);
            Assert.Equal("start", await always.NextActionAsync()); // no delay: the agent just started
        }
        await using var unlessStopped = new SupervisionHarness(Settings(RestartKind.UnlessStopped));
        unlessStopped.Memory.Remember("c1", new(0, unlessStopped.Time.GetUtcNow()));
        unlessStopped.Supervision.Adopt(false, 0, unlessStopped.Time.GetUtcNow() - Second, unlessStopped.Time.GetUtcNow(), null);
        await unlessStopped.StaysPutAsync();
    }

    [Fact]
    public async Task A_container_already_unhealthy_when_adopted_is_restarted_when_opted_in()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.Always, unhealthy: true));
        h.Supervision.Adopt(true, 0, h.Time.GetUtcNow() - Second, h.Time.GetUtcNow(), "unhealthy");
        Assert.Equal("stop", await h.ActsAfterAsync(Second));
        Assert.Equal("start", await h.NextActionAsync());
    }

    [Fact]
    public async Task A_start_by_the_user_forgives_the_stop_and_the_count()
    {
        await using var h = new SupervisionHarness(Settings(RestartKind.OnFailure, maxRetries: 1));
        h.Dies(1);
        await h.ActsAfterAsync(Second);
        h.Dies(1);
        await h.StaysPutAsync();
        h.UserStarts();
        h.Dies(1);
        Assert.Equal("start", await h.ActsAfterAsync(Second));
    }

    [Fact]
    public async Task Unhealthy_restarts_only_when_opted_in_and_our_stop_is_not_a_user_stop()
    {
        await using (var plain = new SupervisionHarness(Settings(RestartKind.Always)))
        {
            plain.Supervision.HealthChanged("unhealthy", plain.Time.GetUtcNow());
            await plain.StaysPutAsync();
        }

        await using var h = new SupervisionHarness(Settings(RestartKind.Always, unhealthy: true));
        h.Supervision.HealthChanged("unhealthy", h.Time.GetUtcNow());
        Assert.Equal("stop", await h.ActsAfterAsync(Second));
        Assert.Equal("start", await h.NextActionAsync());
        // The events our stop caused arrive afterwards, stamped inside our action: not the user's doing.
        var during = h.Actions.History[0].At;
        h.Supervision.Stopping(during);
        h.Supervision.Died(143, during);
        Assert.Null(h.Memory.Recall("c1").UserStoppedAt);
        h.Dies(1);
        Assert.Equal("start", await h.ActsAfterAsync(2 * Second));
    }
}
