using Composer.Model;
using Composer.Orchestrator.Output;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.EndToEnd.Tests;

/// <summary>The live progress view's state, without a terminal.</summary>
public sealed class ProgressTests
{
    private static Operation Op(int id, OperationKind kind, string subject, DependencyCondition condition = DependencyCondition.ServiceStarted) =>
        new(id, kind, subject, "test", []) { Condition = condition };

    [Fact]
    public void Rows_follow_each_resource_through_its_states_in_first_seen_order()
    {
        var live = new LiveProgress();
        var network = Op(1, OperationKind.CreateNetwork, "demo_default");
        var create = Op(2, OperationKind.CreateContainer, "demo-web-1");
        var start = Op(3, OperationKind.StartContainer, "demo-web-1");
        var waitHealthy = Op(4, OperationKind.AwaitService, "db", DependencyCondition.ServiceHealthy);
        var waitStarted = Op(5, OperationKind.AwaitService, "cache");

        live.Started(network);
        live.Started(create);
        live.Completed(network, TimeSpan.FromMilliseconds(100));
        live.Completed(create, TimeSpan.FromMilliseconds(50));
        live.Started(waitHealthy);
        live.Started(waitStarted);
        live.Started(start);
        live.Failed(start, new InvalidOperationException("port is already allocated"));

        Assert.Equal(
            ["✔ Network demo_default  Created", "✘ Container demo-web-1  Error", "… Service db  Waiting"],
            live.Lines());
    }

    [Fact]
    public void A_rollout_row_shows_where_the_rollout_is()
    {
        var live = new LiveProgress();
        var rollout = Op(1, OperationKind.RollOut, "web");
        live.Started(rollout);
        live.Progressed(rollout, "batch 1/2: draining 2s");
        Assert.Equal(["… Service web  Rolling out: batch 1/2: draining 2s"], live.Lines());
        live.Completed(rollout, TimeSpan.FromSeconds(9));
        Assert.Equal(["✔ Service web  Rolled out"], live.Lines());
    }

    /// <summary>A console that records what the live view finally draws, as plain text.</summary>
    private static Spectre.Console.IAnsiConsole PlainConsole(StringWriter screen) =>
        Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Ansi = Spectre.Console.AnsiSupport.No,
            Interactive = Spectre.Console.InteractionSupport.No,
            Out = new Spectre.Console.AnsiConsoleOutput(screen),
        });

    [Fact]
    public async Task Build_output_is_kept_as_a_tail_and_printed_after_the_view_when_the_build_fails()
    {
        var live = new LiveProgress();
        var screen = new StringWriter();
        var console = PlainConsole(screen);
        var build = Op(1, OperationKind.BuildImage, "demo-web");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => live.RunAsync(console, () =>
        {
            live.Started(build);
            for (var step = 1; step <= 100; step++) live.Output($"web  step {step}");
            live.Failed(build, new InvalidOperationException("returned a non-zero code: 3"));
            throw new InvalidOperationException("returned a non-zero code: 3");
        }));

        Assert.Equal([.. Enumerable.Range(95, 6).Select(step => $"web  step {step}")], live.OutputTail(LiveProgress.TailWhileRunning));
        var printed = screen.ToString();
        Assert.Contains("✘ Image demo-web", printed);
        Assert.Contains("web  step 100", printed);
        Assert.Contains("web  step 61\n", printed.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("web  step 60\n", printed.ReplaceLineEndings("\n"));
        Assert.Contains("non-zero code: 3", error.Message);
    }

    [Fact]
    public async Task A_successful_run_prints_no_build_output()
    {
        var live = new LiveProgress();
        var screen = new StringWriter();
        var console = PlainConsole(screen);
        var build = Op(1, OperationKind.BuildImage, "demo-web");
        await live.RunAsync(console, () =>
        {
            live.Started(build);
            live.Output("web  step 1");
            live.Completed(build, TimeSpan.FromSeconds(1));
            return Task.CompletedTask;
        });
        Assert.Contains("✔ Image demo-web", screen.ToString());
        Assert.DoesNotContain("step 1", screen.ToString());
    }
}
