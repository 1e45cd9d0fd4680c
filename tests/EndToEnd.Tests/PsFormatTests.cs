using System.Text.Json;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`ps` as docker compose has it: status filters, orphans, truncation and Go-template formats.</summary>
public sealed class PsFormatTests
{
    /// <summary>`box` idles (labelled, one port published); `done` exits 3 at once and stays exited.</summary>
    private static string IdleAndDone(int port) => $$"""
        services:
          box:
            image: busybox:latest
            command: {{Busybox.Idle}}
            ports: ["{{port}}:80"]
            labels:
              com.example.team: core
          done:
            image: busybox:latest
            command: ["sh", "-c", "exit 3"]
        """;

    private static async Task<TempProject> UpAsync(string yaml)
    {
        var project = new TempProject(yaml);
        await project.ComposerOkAsync("up", "-d");
        // Wait until every container has settled (done has exited): the tests read states.
        await NetworkingTests.RetryAsync(async () =>
        {
            var states = (await project.ComposerOkAsync("ps", "-a", "--format", "{{.State}}")).Stdout;
            return states.Contains("created") || states.Contains("restarting") || !states.Contains("exited")
                ? throw new InvalidOperationException(states) : states;
        }, attempts: 80);
        return project;
    }

    private static async Task<string[]> LinesAsync(TempProject project, params string[] args) =>
        (await project.ComposerOkAsync(args)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Default_table_has_compose_columns_with_created()
    {
        await using var project = await UpAsync(IdleAndDone(18500));
        var lines = await LinesAsync(project, "ps");

        Assert.Equal(["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var box = Assert.Single(lines[1..]);
        Assert.StartsWith($"{project.Name}-box-1   busybox:latest", box);
        Assert.Contains("0.0.0.0:18500->80/tcp", box);
        // The CREATED column starts where its header does: the table is aligned.
        Assert.Matches(@"^(\d+ seconds|Less than a second|1 second|About a minute) ago   ", box[lines[0].IndexOf("CREATED", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Status_and_filter_status_pick_containers_by_state_stopped_ones_included()
    {
        await using var project = await UpAsync(IdleAndDone(18501));

        Assert.Equal(["done"], await LinesAsync(project, "ps", "--status", "exited", "--format", "{{.Service}}"));
        Assert.Equal(["box"], await LinesAsync(project, "ps", "--status=running", "--format", "{{.Service}}"));
        Assert.Equal(["box", "done"], await LinesAsync(project, "ps", "--status", "running", "--status", "exited", "--format", "{{.Service}}"));
        Assert.Equal(["done"], await LinesAsync(project, "ps", "--filter", "status=exited", "--format", "{{.Service}}"));
        Assert.Empty(await LinesAsync(project, "ps", "--status", "paused", "--format", "{{.Service}}"));
        var doneId = Assert.Single(await LinesAsync(project, "ps", "-q", "--status", "exited"));
        Assert.Equal(64, doneId.Length);

        foreach (var (args, message) in new[]
        {
            (new[] { "--status", "sleeping" }, "invalid status \"sleeping\""),
            (["--filter", "status=sleeping"], "invalid status \"sleeping\""),
            (["--filter", "source=image"], "not implemented"),
            (["--filter", "colour=red"], "unknown filter colour"),
            (["--filter", "status"], "KEY=VAL"),
        })
        {
            var bad = await project.ComposerAsync(["ps", .. args]);
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains(message, bad.Stderr);
            Assert.DoesNotContain("   at ", bad.All);
        }
    }

    [Fact]
    public async Task Templates_print_each_field_once_per_container()
    {
        await using var project = await UpAsync(IdleAndDone(18502));
        async Task<string> Box(string template) =>
            Assert.Single(await LinesAsync(project, "ps", "box", "--format", template));

        Assert.Equal($"{project.Name}-box-1", await Box("{{.Name}}"));
        Assert.Equal("box busybox:latest running 0", await Box("{{.Service}} {{.Image}} {{.State}} {{.ExitCode}}"));
        Assert.Equal("core|", await Box("{{.Label \"com.example.team\"}}|{{.Label \"no.such.label\"}}"));
        Assert.Equal("0.0.0.0:18502->80/tcp, [::]:18502->80/tcp", await Box("{{.Ports}}"));
        Assert.Equal("\"sh -c 'trap 'exit 0…\"", await Box("{{.Command}}"));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} \S+$", await Box("{{.CreatedAt}}"));
        Assert.EndsWith(" ago", await Box("{{.RunningFor}}"));
        Assert.Matches("^Up ", await Box("{{.Status}}"));
        Assert.Equal($"{project.Name}_default", await Box("{{.Networks}}"));
        Assert.Equal("BOX!", await Box("{{.Service | upper}}!"));
        Assert.Equal("exited 3", Assert.Single(await LinesAsync(project, "ps", "-a", "done", "--format", "{{.State}} {{.ExitCode}}")));
    }

    [Fact]
    public async Task Health_shows_a_running_containers_healthcheck_verdict()
    {
        await using var project = new TempProject($$"""
            services:
              box:
                image: busybox:latest
                command: {{Busybox.Idle}}
                healthcheck: { test: ["CMD", "true"], interval: 1s, retries: 1 }
            """);
        await project.ComposerOkAsync("up", "-d", "--wait");
        Assert.Equal("healthy", Assert.Single(await LinesAsync(project, "ps", "--format", "{{.Health}}")));
    }

    [Fact]
    public async Task Table_template_prints_headers_over_aligned_columns()
    {
        await using var project = await UpAsync(IdleAndDone(18503));
        var lines = await LinesAsync(project, "ps", "-a", "--format", "table {{.Service}}\\t{{.State}}\\t{{.Label \"com.example.team\"}}");

        Assert.Equal("SERVICE   STATE     team", lines[0]);
        Assert.Equal("box       running   core", lines[1]);
        Assert.Equal("done      exited", lines[2].TrimEnd());
    }

    [Fact]
    public async Task Json_is_one_object_per_line_with_the_fields_templates_use()
    {
        await using var project = await UpAsync(IdleAndDone(18504));
        var lines = await LinesAsync(project, "ps", "-a", "--format", "json");

        Assert.Equal(2, lines.Length);
        using var box = JsonDocument.Parse(lines[0]);
        using var done = JsonDocument.Parse(lines[1]);
        Assert.Equal(("box", "running", "core"), (box.RootElement.GetProperty("Service").GetString(), box.RootElement.GetProperty("State").GetString(),
            box.RootElement.GetProperty("Labels").GetString()!.Split(',').Single(l => l.StartsWith("com.example.team=", StringComparison.Ordinal))[17..]));
        Assert.Equal(3, done.RootElement.GetProperty("ExitCode").GetInt32());
        Assert.Equal(12, box.RootElement.GetProperty("ID").GetString()!.Length);
        Assert.Equal(project.Name, box.RootElement.GetProperty("Project").GetString());
        var publisher = box.RootElement.GetProperty("Publishers")[0];
        Assert.Equal((80, 18504, "tcp"), (publisher.GetProperty("TargetPort").GetInt32(), publisher.GetProperty("PublishedPort").GetInt32(), publisher.GetProperty("Protocol").GetString()));

        // `{{json .}}` is the same object; `{{json .Field}}` one field's JSON.
        using var whole = JsonDocument.Parse(Assert.Single(await LinesAsync(project, "ps", "box", "--format", "{{json .}}")));
        Assert.Equal(box.RootElement.EnumerateObject().Select(p => p.Name), whole.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(box.RootElement.GetProperty("ID").GetString(), whole.RootElement.GetProperty("ID").GetString());
        Assert.Equal("\"done\" 3", Assert.Single(await LinesAsync(project, "ps", "-a", "done", "--format", "{{json .Service}} {{json .ExitCode}}")));
    }

    [Fact]
    public async Task No_trunc_shows_whole_ids_and_commands()
    {
        await using var project = await UpAsync(IdleAndDone(18505));
        var shortForm = Assert.Single(await LinesAsync(project, "ps", "box", "--format", "{{.ID}} {{.Command}}"));
        var longForm = Assert.Single(await LinesAsync(project, "ps", "box", "--no-trunc", "--format", "{{.ID}} {{.Command}}"));

        Assert.Matches("^[0-9a-f]{12} \"sh -c 'trap 'exit 0…\"$", shortForm);
        Assert.Matches("^[0-9a-f]{64} \"sh -c 'trap 'exit 0' TERM; sleep 3600 & wait'\"$", longForm);
    }

    [Fact]
    public async Task Orphans_false_hides_containers_of_services_the_project_no_longer_declares()
    {
        await using var project = await UpAsync(IdleAndDone(18506));
        project.Write("compose.yaml", $$"""
            services:
              box:
                image: busybox:latest
                command: {{Busybox.Idle}}
            """);

        Assert.Equal(["box", "done"], await LinesAsync(project, "ps", "-a", "--format", "{{.Service}}"));
        Assert.Equal(["box", "done"], await LinesAsync(project, "ps", "-a", "--orphans", "--format", "{{.Service}}"));
        Assert.Equal(["box"], await LinesAsync(project, "ps", "-a", "--orphans=false", "--format", "{{.Service}}"));
    }

    [Fact]
    public async Task All_also_lists_containers_of_run()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        await project.ComposerOkAsync("run", "-d", "box");

        Assert.Equal(["box"], await LinesAsync(project, "ps", "--format", "{{.Service}}"));
        var all = await LinesAsync(project, "ps", "-a", "--format", "{{.Name}}");
        Assert.Equal(2, all.Length);
        Assert.Contains(all, name => name.Contains("-run-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{{.Nope}}", "can't evaluate field Nope")]
    [InlineData("{{.Name", "unclosed action")]
    [InlineData("{{if .Name}}x{{end}}", "unsupported template keyword \"if\"")]
    [InlineData("{{frobnicate .Name}}", "function \"frobnicate\" not defined")]
    [InlineData("table {{.Name}}\\t{{.Bogus}}", "can't evaluate field Bogus")]
    public async Task A_bad_template_is_a_clear_error_even_with_no_containers(string template, string message)
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var bad = await project.ComposerAsync("ps", "--format", template);

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("template parsing error", bad.Stderr);
        Assert.Contains(message, bad.Stderr);
        Assert.DoesNotContain("   at ", bad.All);
    }

    [Fact]
    public async Task Version_takes_its_format_as_f_too()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        using var version = JsonDocument.Parse((await project.ComposerOkAsync("version", "-f", "json")).Stdout);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.RootElement.GetProperty("version").GetString());
    }
}
