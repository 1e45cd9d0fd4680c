using System.Text.Json;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`stats --no-stream` and `volumes`: what a project's containers use, as docker compose lists it.</summary>
public sealed class StatsAndVolumesTests
{
    /// <summary>`box` idles on volume `data`; `done` exits at once, with volume `other`.</summary>
    private const string Project = $$"""
        services:
          box:
            image: busybox:latest
            command: {{Busybox.Idle}}
            volumes: [data:/data]
          done:
            image: busybox:latest
            command: ["true"]
            volumes: [other:/other]
        volumes:
          data: {}
          other: {}
        """;

    private static async Task<TempProject> UpAsync()
    {
        var project = new TempProject(Project);
        await project.ComposerOkAsync("up", "-d");
        await NetworkingTests.RetryAsync(async () =>
            await Docker.StateAsync($"{project.Name}-done-1") == "exited" ? true : throw new InvalidOperationException("done still running"));
        return project;
    }

    private static async Task<string[]> LinesAsync(TempProject project, params string[] args) =>
        (await project.ComposerOkAsync(args)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Stats_no_stream_lists_the_projects_containers_in_table_json_and_template()
    {
        await using var project = await UpAsync();
        await using var neighbour = new TempProject(Busybox.OneIdleBox);
        await neighbour.ComposerOkAsync("up", "-d");

        var table = await LinesAsync(project, "stats", "--no-stream");
        Assert.Equal(["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"],
            table[0].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var row = Assert.Single(table[1..]);
        Assert.Matches($@"^[0-9a-f]{{12}}\s+{project.Name}-box-1\s+\d+\.\d\d%\s+[\d.]+[KMG]?i?B / [\d.]+[KMGT]?i?B\s+\d+\.\d\d%", row);

        Assert.Equal([$"{project.Name}-box-1"], await LinesAsync(project, "stats", "--no-stream", "--format", "{{.Name}}"));
        Assert.Equal([$"{project.Name}-box-1", $"{project.Name}-done-1"], await LinesAsync(project, "stats", "--no-stream", "-a", "--format", "{{.Name}}"));
        Assert.Equal([$"{project.Name}-done-1"], await LinesAsync(project, "stats", "--no-stream", "-a", "--format", "{{.Name}}", "done"));

        var json = JsonDocument.Parse(Assert.Single(await LinesAsync(project, "stats", "--no-stream", "--format", "json"))).RootElement;
        Assert.Equal($"{project.Name}-box-1", json.GetProperty("Name").GetString());
        foreach (var field in new[] { "BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage", "NetIO", "PIDs" })
            Assert.True(json.TryGetProperty(field, out _), field);
        Assert.Equal(12, json.GetProperty("ID").GetString()!.Length);
        var full = Assert.Single(await LinesAsync(project, "stats", "--no-stream", "--no-trunc", "--format", "{{.ID}}"));
        Assert.Equal(64, full.Length);

        // By label alone, from a folder with no compose file.
        var elsewhere = Directory.CreateTempSubdirectory("composer-e2e-").FullName;
        try
        {
            var byName = (await ComposerCli.RunAsync(elsewhere, "-p", project.Name, "stats", "--no-stream", "--format", "{{.Name}}")).EnsureSuccess("stats -p");
            Assert.Equal($"{project.Name}-box-1", byName.Stdout.Trim());
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task Stats_streams_snapshot_after_snapshot_until_interrupted()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        using var stats = new BackgroundComposer(project, "stats", "--format", "table {{.Name}}\t{{.PIDs}}");
        // Not on a terminal: each snapshot follows the last, without screen clearing.
        await Eventually.TrueAsync(() => stats.Output.Split("NAME").Length > 3, TimeSpan.FromSeconds(60), () => stats.Output);
        Assert.Equal(0, await stats.InterruptAsync());
        Assert.Contains($"{project.Name}-box-1", stats.Output);
        Assert.DoesNotContain("\u001b[2J", stats.Output);
    }

    [Fact]
    public async Task Stats_on_a_terminal_redraws_one_table_until_ctrl_c()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        var session = project.Name;
        var exitFile = Path.Combine(project.Directory, "exit");
        (await ProcessRunner.RunAsync("tmux", ["new-session", "-d", "-s", session, "-x", "150", "-y", "20",
            $"cd {project.Directory} && {ComposerCli.ShellCommand("-p", project.Name, "stats")}; echo EXIT=$? > {exitFile}; sleep 30"])).EnsureSuccess("tmux");
        try
        {
            await InteractiveTests.ScreenAsync(session, s => s.Contains($"{project.Name}-box-1"));
            await Task.Delay(TimeSpan.FromSeconds(3)); // a few snapshots later: still one table on the screen
            var screen = await InteractiveTests.ScreenAsync(session, s => s.Contains($"{project.Name}-box-1"));
            Assert.Single(screen.Split('\n'), line => line.StartsWith("CONTAINER ID", StringComparison.Ordinal));

            await ProcessRunner.RunAsync("tmux", ["send-keys", "-t", session, "C-c"]);
            var exit = await NetworkingTests.RetryAsync(async () =>
                File.Exists(exitFile) ? (await File.ReadAllTextAsync(exitFile)).Trim() : throw new FileNotFoundException(exitFile));
            Assert.Equal("EXIT=0", exit);
        }
        finally
        {
            await ProcessRunner.RunAsync("tmux", ["kill-session", "-t", session]);
        }
    }

    [Fact]
    public async Task Stats_refuses_an_unknown_service_and_a_bad_template()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var unknown = await project.ComposerAsync("stats", "--no-stream", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no such service: nope", unknown.Stderr);
        var template = await project.ComposerAsync("stats", "--no-stream", "--format", "{{.Nope}}");
        Assert.Equal(1, template.ExitCode);
        Assert.Contains("template parsing error", template.Stderr);
    }

    [Fact]
    public async Task Volumes_lists_the_projects_volumes_or_those_of_the_given_services()
    {
        await using var project = await UpAsync();
        var table = await LinesAsync(project, "volumes");
        Assert.Equal(["DRIVER", "VOLUME NAME"], table[0].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal([$"local     {project.Name}_data", $"local     {project.Name}_other"], table[1..]);

        Assert.Equal([$"{project.Name}_data", $"{project.Name}_other"], await LinesAsync(project, "volumes", "-q"));
        // As compose: a service's volumes are those its running containers mount.
        Assert.Equal([$"{project.Name}_data"], await LinesAsync(project, "volumes", "--quiet", "box"));
        Assert.Equal([$"{project.Name}_data local"], await LinesAsync(project, "volumes", "--format", "{{.Name}} {{.Driver}}", "box"));
        var json = JsonDocument.Parse(await LinesAsync(project, "volumes", "--format", "json", "box") is [var line] ? line : "").RootElement;
        Assert.Equal($"{project.Name}_data", json.GetProperty("Name").GetString());
        Assert.Equal("data", json.GetProperty("Labels").GetString()!.Split(',').Single(l => l.StartsWith("com.docker.compose.volume=", StringComparison.Ordinal)).Split('=')[1]);

        var unknown = await project.ComposerAsync("volumes", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no such service: nope", unknown.Stderr);
    }
}
