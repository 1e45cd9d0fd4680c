using Composer.Reconciler.Watch;
using Microsoft.Extensions.Time.Testing;

namespace Composer.Reconciler.Tests.Watch;

public class ChangeBatcherTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_batch_is_due_once_changes_stop_for_the_quiet_period()
    {
        var time = new FakeTimeProvider();
        var batcher = new ChangeBatcher(time, Quiet, Longest);
        Assert.Null(batcher.DueIn());
        batcher.Add("/p/b");
        time.Advance(TimeSpan.FromMilliseconds(60));
        batcher.Add("/p/a");
        batcher.Add("/p/b");
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Null(batcher.TakeDue());
        Assert.Equal(TimeSpan.FromMilliseconds(1), batcher.DueIn());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["/p/a", "/p/b"], batcher.TakeDue());
        Assert.Null(batcher.DueIn());
    }

    [Fact]
    public void Changes_that_never_pause_are_still_delivered_after_the_longest_delay()
    {
        var time = new FakeTimeProvider();
        var batcher = new ChangeBatcher(time, Quiet, Longest);
        for (var i = 0; i < 20; i++)
        {
            batcher.Add($"/p/{i:00}");
            time.Advance(TimeSpan.FromMilliseconds(50));
            if (batcher.TakeDue() is { } batch)
            {
                Assert.Equal(19, i); // 20 changes 50 ms apart: 1 s after the first
                Assert.Equal(20, batch.Count);
                return;
            }
        }
        Assert.Fail("no batch");
    }

    [Fact]
    public async Task NextAsync_waits_on_the_clock_and_returns_the_batch()
    {
        var time = new FakeTimeProvider();
        var batcher = new ChangeBatcher(time, Quiet, Longest);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var next = batcher.NextAsync(cancel.Token);
        await Task.Delay(20, CancellationToken.None);
        Assert.False(next.IsCompleted);
        batcher.Add("/p/x");
        for (var i = 0; i < 200 && !next.IsCompleted; i++)
        {
            await Task.Delay(5, CancellationToken.None);
            time.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.Equal(["/p/x"], await next);
    }

    [Fact]
    public async Task NextAsync_ends_on_cancellation()
    {
        var batcher = new ChangeBatcher(new FakeTimeProvider(), Quiet, Longest);
        using var cancel = new CancellationTokenSource();
        var next = batcher.NextAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }
}
