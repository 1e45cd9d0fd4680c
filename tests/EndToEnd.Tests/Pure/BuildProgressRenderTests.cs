using Composer.Engine;
using Composer.Orchestrator.Output;
using Composer.Testing;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>
/// The BuildKit step renderers over one constructed run: two services building side by side,
/// `web` succeeding (a FROM reported done and only then cached, output in chunks), `db` failing
/// (its RUN's output, then a step cancelled by the failure). Fixed times, so every mode's text is
/// a snapshot.
/// </summary>
public sealed class BuildProgressRenderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static BuildStepChanged Step(string digest, string name, double? started, double? completed = null, bool cached = false, string? error = null) =>
        new(digest, name, started is { } s ? At(s) : null, completed is { } c ? At(c) : null, cached, error);

    private static BuildStepLog Log(string digest, double at, string line, int stream = 1) => new(digest, At(at), stream, line);

    /// <summary>The run, as (service, event) in arrival order.</summary>
    public static IReadOnlyList<(string Service, BuildStepEvent Event)> Run() =>
    [
        // BuildKit's first message lists the graph, nothing started: not shown.
        ("web", Step("w1", "[1/3] FROM docker.io/library/python:3.12", null)),
        ("web", Step("w2", "[2/3] RUN pip install django", null)),
        ("web", Step("w0", "[internal] load build definition from Dockerfile", 0.0)),
        ("web", new BuildStepStatus("w0", "transferring dockerfile:", 120, 0, At(0.1), At(0.0), At(0.1))),
        ("web", Step("w0", "[internal] load build definition from Dockerfile", 0.0, 0.2)),
        ("db", Step("d1", "[1/2] FROM docker.io/library/postgres:16", 0.3, 0.3, cached: true)),
        ("web", Step("w1", "[1/3] FROM docker.io/library/python:3.12", 0.3, 0.31)),
        ("web", Step("w1", "[1/3] FROM docker.io/library/python:3.12", 0.3, 0.31, cached: true)),
        ("web", Step("w2", "[2/3] RUN pip install django", 0.4)),
        ("db", Step("d2", "[2/2] RUN ./init.sh", 0.4)),
        ("web", Log("w2", 0.9, "Collecting django")),
        ("db", Log("d2", 1.0, "creating schema", stream: 2)),
        ("db", Log("d2", 1.1, "init.sh: line 3: psql: not found", stream: 2)),
        ("web", Log("w2", 2.5, "Successfully installed django-5.1")),
        ("db", Step("d2", "[2/2] RUN ./init.sh", 0.4, 1.2, error: "process \"/bin/sh -c ./init.sh\" did not complete successfully: exit code: 127")),
        ("db", Step("d3", "[internal] load build context", 0.2, 1.2, error: "context canceled")),
        ("web", Step("w2", "[2/3] RUN pip install django", 0.4, 3.6)),
        ("web", Step("w3", "[3/3] COPY . /app", 3.6, 3.6, cached: true)),
    ];


    [Fact]
    public void Plain_prints_buildx_lines_numbered_in_start_order_with_the_failed_steps_last_lines()
    {
        var printer = new List<string>();
        var plain = new BuildPlainPrinter(printer.Add);
        foreach (var (service, e) in Run()) plain.Step(service, e);
        var text = string.Join('\n', printer);
        Snapshot.Verify(text, "build-progress-plain");
        // The FROM reported done first and cached after ends as CACHED; the step numbers never move.
        Assert.Contains("#3 CACHED", text);
        Assert.Equal(printer.IndexOf("#3 [web 1/3] FROM docker.io/library/python:3.12") + 1, printer.IndexOf("#3 DONE 0.0s"));
    }

    [Fact]
    public void Quiet_prints_only_the_failed_step_with_its_output()
    {
        var printed = new List<string>();
        var quiet = new BuildFailurePrinter(printed.Add);
        foreach (var (service, e) in Run()) quiet.Step(service, e);
        Assert.Equal(["------\n > [db 2/2] RUN ./init.sh:\n0.600 creating schema\n0.700 init.sh: line 3: psql: not found\n------"], printed);
    }

    [Fact]
    public void Quiet_prints_nothing_when_every_step_succeeds()
    {
        var printed = new List<string>();
        var quiet = new BuildFailurePrinter(printed.Add);
        foreach (var (service, e) in Run().Where(r => r.Service == "web")) quiet.Step(service, e);
        Assert.Empty(printed);
    }

    [Fact]
    public void Json_prints_one_solve_status_object_per_change()
    {
        var printed = new List<string>();
        var json = new BuildJsonPrinter(printed.Add);
        foreach (var (service, e) in Run()) json.Step(service, e);
        Assert.Equal(Run().Count, printed.Count);
        Snapshot.Verify(string.Join('\n', printed), "build-progress-json");
        foreach (var line in printed) System.Text.Json.JsonDocument.Parse(line).Dispose();
    }

    [Fact]
    public void The_live_view_shows_running_steps_with_their_last_lines_then_each_steps_final_state()
    {
        var board = new BuildBoard();
        var run = Run();
        // Midway: web's pip install running with its output so far, db's RUN running too.
        foreach (var (service, e) in run.Take(13)) board.Apply(service, e);
        var midway = BuildSteps.Lines(board.View(At(1.5)), withOutput: true);
        foreach (var (service, e) in run.Skip(13)) board.Apply(service, e);
        var final = BuildSteps.Lines(board.View(At(4)), withOutput: false);
        Snapshot.Verify(string.Join('\n', ["-- midway", .. midway.Select(l => l.ToString()), "-- final", .. final.Select(l => l.ToString())]),
            "build-progress-live");
        Assert.Equal(["------", " > [db 2/2] RUN ./init.sh:", "0.600 creating schema", "0.700 init.sh: line 3: psql: not found", "------"],
            board.FailureReports());
    }

    [Theory]
    [InlineData("[2/5] RUN make", "[web 2/5] RUN make")]
    [InlineData("[internal] load .dockerignore", "[web internal] load .dockerignore")]
    [InlineData("[builder 1/2] FROM golang", "[web builder 1/2] FROM golang")]
    [InlineData("exporting to image", "[web] exporting to image")]
    public void Step_names_carry_the_service_as_bake_names_its_targets(string name, string shown) =>
        Assert.Equal(shown, BuildBoard.WithService("web", name));
}
