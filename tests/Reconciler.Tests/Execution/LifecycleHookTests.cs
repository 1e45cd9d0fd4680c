using Composer.Model;
using Composer.Reconciler.Containers;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Reconciler.Tests.Supervision;
using Composer.Testing;

namespace Composer.Reconciler.Tests.Execution;

/// <summary>
/// post_start and pre_stop through the operation runner on the fake engine: where each exec comes among the
/// engine calls, what it is given, and what a failing one does to the plan.
/// </summary>
public sealed class LifecycleHookTests
{
    private static readonly Project Project = Compose.Load("""
        services:
          app:
            image: busybox
            post_start:
              - command: ["migrate", "--all"]
                user: "1000"
                privileged: true
                working_dir: /srv
                environment: [MODE=fast, DECLARED]
              - command: echo second
            pre_stop:
              - command: ["drain"]
        """);

    private static async Task UpAsync(FakeEngine engine, Project? project = null)
    {
        project ??= Project;
        var desired = DesiredStateBuilder.Build(project, []);
        var reconciler = new ProjectReconciler(engine, project, SilentObserver.Instance);
        await reconciler.EnsureImagesAsync(desired, BuildPolicy.IfMissing, CancellationToken.None);
        await reconciler.UpAsync(desired, new UpOptions(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Post_start_hooks_run_in_order_after_the_start_with_their_settings()
    {
        using var engine = new FakeEngine();
        await UpAsync(engine);
        var calls = engine.Calls.Select(c => c.Method).Where(m => m is "StartContainer" or "CreateExec").ToList();
        Assert.Equal(["StartContainer", "CreateExec", "CreateExec"], calls);
        var (container, first) = engine.Execs[0];
        Assert.Equal("demo-app-1", container);
        Assert.Equal(["migrate", "--all"], first.Cmd!);
        Assert.Equal(("1000", true, "/srv"), (first.User, first.Privileged, first.WorkingDir));
        Assert.Equal(["DECLARED", "MODE=fast"], first.Env!);
        Assert.Equal(["echo", "second"], engine.Execs[1].Request.Cmd!);
    }

    [Fact]
    public async Task A_failing_post_start_hook_fails_the_start_with_the_end_of_its_stderr()
    {
        using var engine = new FakeEngine { ExecBehaviour = (_, cmd) => cmd[0] == "migrate" ? (2, "step 1\n", "no database\n") : (0, "", "") };
        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => UpAsync(engine));
        Assert.Equal(OperationKind.StartContainer, error.FailedOperation.Kind);
        Assert.Equal("app hook exited with status 2: no database", Assert.IsType<HookFailedException>(error.InnerException).Message);
        Assert.Single(engine.Execs); // the second hook does not run
    }

    [Fact]
    public async Task Down_runs_pre_stop_before_the_stop_and_not_in_a_stopped_container()
    {
        using var engine = new FakeEngine();
        await UpAsync(engine);
        var reconciler = new ProjectReconciler(engine, Project, SilentObserver.Instance);
        var desired = DesiredStateBuilder.Build(Project, []);
        var before = engine.Calls.Count;
        await reconciler.ExecuteAsync(desired, await reconciler.PlanDownAsync(desired, new DownOptions(), CancellationToken.None), CancellationToken.None);
        var calls = engine.Calls.Skip(before).Select(c => c.Method).Where(m => m is "StopContainer" or "CreateExec").ToList();
        Assert.Equal(["CreateExec", "StopContainer"], calls);
        Assert.Equal(["drain"], engine.Execs[^1].Request.Cmd!);
    }

    [Fact]
    public async Task A_failing_pre_stop_hook_keeps_the_container_running()
    {
        using var engine = new FakeEngine();
        await UpAsync(engine);
        engine.ExecBehaviour = (_, cmd) => cmd[0] == "drain" ? (1, "busy\n", "") : (0, "", "");
        var reconciler = new ProjectReconciler(engine, Project, SilentObserver.Instance);
        var desired = DesiredStateBuilder.Build(Project, []);
        var plan = await reconciler.PlanDownAsync(desired, new DownOptions(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<PlanExecutionException>(() => reconciler.ExecuteAsync(desired, plan, CancellationToken.None));
        Assert.Equal("app hook exited with status 1: busy", error.InnerException!.Message);
        Assert.Equal("running", engine.Container("demo-app-1").Status);
    }

    [Fact]
    public void A_failing_hooks_output_keeps_its_last_ten_lines_as_a_terminal_shows_them()
    {
        var output = string.Join("\n", Enumerable.Range(1, 12).Select(i => $"line {i}")) + "\n\r\nloading 10%\rloading 100%\r\n";
        Assert.Equal(string.Join("\n", Enumerable.Range(4, 9).Select(i => $"line {i}").Append("loading 100%")), LifecycleHooks.Tail(output));
    }
}
