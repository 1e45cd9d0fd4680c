using System.Text.Json;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>The flags every verb takes (--dry-run, --progress, --parallel) and the COMPOSE_* variables behind them.</summary>
public sealed class GlobalFlagTests
{
    private const string ThreeBoxes = $$"""
        services:
          a:
            image: busybox:latest
            command: {{Busybox.Idle}}
            volumes: ["./made-by-up:/data"]
          b:
            image: busybox:latest
            command: {{Busybox.Idle}}
          c:
            image: busybox:latest
            command: {{Busybox.Idle}}
        """;

    [Fact]
    public async Task Dry_run_create_walks_the_whole_path_and_changes_nothing_on_the_engine_or_the_host()
    {
        await using var project = new TempProject(ThreeBoxes);
        var result = await project.ComposerOkAsync("--dry-run", "create");
        Assert.Contains($"DRY-RUN MODE -  Container {project.Name}-a-1  Created", result.Stderr);
        Assert.Contains($"DRY-RUN MODE -  Network {project.Name}_default  Created", result.Stderr);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
        Assert.Equal("", await Docker.RunAsync("network", "ls", "-q", "--filter", $"name={project.Name}_default"));
        Assert.False(Directory.Exists(Path.Combine(project.Directory, "made-by-up")), "a dry run made the bind mount's source folder");
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("kill")]
    [InlineData("pause")]
    [InlineData("restart")]
    [InlineData("rm", "-sf")]
    [InlineData("down", "-v")]
    [InlineData("up", "-d", "--force-recreate")]
    [InlineData("scale", "b=0")]
    public async Task Dry_run_of_a_verb_that_changes_containers_leaves_them_as_they_were(params string[] verb)
    {
        await using var project = new TempProject(ThreeBoxes);
        await project.ComposerOkAsync("up", "-d");
        var before = await IdsAndStates(project.Name);

        await project.ComposerOkAsync(["--dry-run", .. verb]);

        Assert.Equal(before, await IdsAndStates(project.Name));
    }

    [Fact]
    public async Task Dry_run_says_so_on_each_line_and_refuses_what_it_cannot_fake()
    {
        await using var project = new TempProject(ThreeBoxes);
        await project.ComposerOkAsync("up", "-d");

        var stop = await project.ComposerOkAsync("stop", "--dry-run", "b");
        var lines = stop.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("DRY-RUN MODE - ", line));
        Assert.Contains($"Container {project.Name}-b-1  Stopped", stop.Stderr);

        var exec = await project.ComposerAsync("--dry-run", "exec", "-T", "b", "touch", "/made");
        Assert.Equal(1, exec.ExitCode);
        Assert.Contains("not supported in dry-run mode", exec.Stderr);
        Assert.DoesNotContain("   at ", exec.Stderr);
        Assert.False((await Docker.TryAsync("exec", $"{project.Name}-b-1", "test", "-e", "/made")).ExitCode == 0);
    }

    [Fact]
    public async Task Progress_json_prints_one_object_per_change_with_docker_compose_fields()
    {
        await using var project = new TempProject(ThreeBoxes);
        var result = await project.ComposerOkAsync("--progress", "json", "up", "-d");
        var events = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Contains(events, e => e.GetProperty("id").GetString() == $"Container {project.Name}-c-1"
                                     && e.GetProperty("status").GetString() == "Done" && e.GetProperty("text").GetString() == "Started");
        Assert.All(events, e => Assert.Contains(e.GetProperty("status").GetString(), new[] { "Working", "Done" }));
    }

    [Fact]
    public async Task Progress_quiet_prints_nothing_and_COMPOSE_PROGRESS_is_its_default()
    {
        await using var quiet = new TempProject(ThreeBoxes);
        Assert.Equal("", (await quiet.ComposerOkAsync("--progress", "quiet", "up", "-d")).Stderr);

        await using var fromVariable = new TempProject(ThreeBoxes) { Environment = new Dictionary<string, string> { ["COMPOSE_PROGRESS"] = "json" } };
        var result = await fromVariable.ComposerOkAsync("up", "-d");
        Assert.StartsWith("{", result.Stderr);
        // The flag wins over the variable.
        Assert.Contains("Container", (await fromVariable.ComposerOkAsync("--progress", "plain", "restart")).Stderr);
        Assert.DoesNotContain("{", (await fromVariable.ComposerOkAsync("--progress", "plain", "restart")).Stderr);
    }

    [Theory]
    [InlineData(new[] { "--progress", "fancy", "ps" }, "invalid argument \"fancy\" for \"--progress\": expected auto, tty, plain, quiet, json")]
    [InlineData(new[] { "--ansi", "sometimes", "ps" }, "invalid argument \"sometimes\" for \"--ansi\": expected auto, never, always")]
    public async Task A_bad_choice_names_the_flag_and_its_values(string[] args, string message)
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var result = await project.ComposerAsync(args);
        Assert.Equal(16, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public async Task COMPOSE_ANSI_is_the_default_of_ansi_and_the_flag_wins()
    {
        await using var project = new TempProject("""
            services:
              talker:
                image: busybox:latest
                command: ["echo", "said"]
            """) { Environment = new Dictionary<string, string> { ["COMPOSE_ANSI"] = "always" } };
        await project.ComposerOkAsync("up", "-d");
        await Eventually.TrueAsync(async () => (await project.ComposerOkAsync("logs")).Stdout.Contains("said"), TimeSpan.FromSeconds(10), () => "no output");
        Assert.Contains("\u001b[", (await project.ComposerOkAsync("logs")).Stdout);
        Assert.DoesNotContain("\u001b[", (await project.ComposerOkAsync("--ansi", "never", "logs")).Stdout);
    }

    [Fact]
    public async Task A_bad_COMPOSE_PROGRESS_names_the_variable()
    {
        await using var project = new TempProject(Busybox.OneIdleBox) { Environment = new Dictionary<string, string> { ["COMPOSE_PROGRESS"] = "fancy" } };
        var result = await project.ComposerAsync("ps");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("invalid value \"fancy\" of COMPOSE_PROGRESS", result.Stderr);
    }

    [Fact]
    public async Task Parallel_1_runs_one_engine_operation_at_a_time()
    {
        await using var project = new TempProject(ThreeBoxes);
        var result = await project.ComposerOkAsync("--parallel", "1", "--progress", "json", "up", "-d");
        var inFlight = 0;
        foreach (var e in result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement))
        {
            inFlight += e.GetProperty("status").GetString() == "Working" ? 1 : -1;
            Assert.InRange(inFlight, 0, 1);
        }
    }

    [Fact]
    public async Task COMPOSE_PARALLEL_LIMIT_is_the_default_of_parallel()
    {
        await using var project = new TempProject(ThreeBoxes) { Environment = new Dictionary<string, string> { ["COMPOSE_PARALLEL_LIMIT"] = "1" } };
        var result = await project.ComposerOkAsync("--progress", "json", "create");
        var inFlight = 0;
        foreach (var e in result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement))
        {
            inFlight += e.GetProperty("status").GetString() == "Working" ? 1 : -1;
            Assert.InRange(inFlight, 0, 1);
        }
    }

    [Fact]
    public async Task COMPOSE_STATUS_STDOUT_moves_progress_to_stdout()
    {
        await using var project = new TempProject(Busybox.OneIdleBox) { Environment = new Dictionary<string, string> { ["COMPOSE_STATUS_STDOUT"] = "1" } };
        var result = await project.ComposerOkAsync("--progress", "plain", "create");
        Assert.Contains($"Container {project.Name}-box-1  Created", result.Stdout);
        Assert.DoesNotContain("Container", result.Stderr);
    }

    [Fact]
    public async Task COMPOSE_ENV_FILES_is_the_default_of_env_file()
    {
        await using var project = new TempProject("""
            services:
              box:
                image: busybox:${TAG}
            """) { Environment = new Dictionary<string, string> { ["COMPOSE_ENV_FILES"] = "one.env,two.env" } };
        project.Write("one.env", "TAG=from-one\n");
        project.Write("two.env", "TAG=from-two\n");
        Assert.Contains("image: busybox:from-two", (await project.ComposerOkAsync("config")).Stdout);
        Assert.Contains("image: busybox:from-one", (await project.ComposerOkAsync("--env-file", "one.env", "config")).Stdout);
    }

    [Fact]
    public async Task Profile_flag_replaces_COMPOSE_PROFILES()
    {
        await using var project = new TempProject($$"""
            services:
              always:
                image: busybox:latest
              debug:
                image: busybox:latest
                profiles: [debug]
              tools:
                image: busybox:latest
                profiles: [tools]
            """) { Environment = new Dictionary<string, string> { ["COMPOSE_PROFILES"] = "debug" } };
        var fromVariable = await project.ComposerOkAsync("config", "--services");
        Assert.Equal(["always", "debug"], Lines(fromVariable.Stdout));
        var fromFlag = await project.ComposerOkAsync("--profile", "tools", "config", "--services");
        Assert.Equal(["always", "tools"], Lines(fromFlag.Stdout));
    }

    [Fact]
    public async Task COMPOSE_IGNORE_ORPHANS_silences_the_warning_and_COMPOSE_REMOVE_ORPHANS_removes_them()
    {
        await using var project = new TempProject(ThreeBoxes);
        await project.ComposerOkAsync("up", "-d");
        project.Write("compose.yaml", $$"""
            services:
              a:
                image: busybox:latest
                command: {{Busybox.Idle}}
            """);
        Assert.Contains("Found orphan containers", (await project.ComposerOkAsync("up", "-d")).Stderr);

        var ignoring = await ComposerCli.RunAsync(project.Directory, new Dictionary<string, string> { ["COMPOSE_IGNORE_ORPHANS"] = "true" }, "-p", project.Name, "up", "-d");
        Assert.Equal(0, ignoring.ExitCode);
        Assert.DoesNotContain("orphan", ignoring.Stderr);
        Assert.Equal(3, (await Docker.ContainersAsync(project.Name)).Length);

        var removing = await ComposerCli.RunAsync(project.Directory, new Dictionary<string, string> { ["COMPOSE_REMOVE_ORPHANS"] = "1" }, "-p", project.Name, "up", "-d");
        Assert.Equal(0, removing.ExitCode);
        Assert.Equal([$"{project.Name}-a-1"], await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Compatibility_names_containers_with_underscores_as_docker_compose_v1_did()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("--compatibility", "up", "-d");
        Assert.Equal([$"{project.Name}_box_1"], await Docker.ContainersAsync(project.Name));
        var oneOff = (await project.ComposerOkAsync("--compatibility", "run", "-d", "box")).Stdout.Trim();
        Assert.StartsWith($"{project.Name}_box_run_", oneOff);
        Assert.Contains($"{project.Name}_box_1", (await project.ComposerOkAsync("ps")).Stdout);
        await project.ComposerOkAsync("--compatibility", "down", "-t", "1");
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    private static string[] Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Order(StringComparer.Ordinal)];

    private static async Task<string> IdsAndStates(string project) =>
        await Docker.RunAsync("ps", "-a", "--filter", $"label=com.docker.compose.project={project}", "--format", "{{.ID}} {{.Names}} {{.State}}");
}
