using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`images --format`, `events --since/--until` and `ls --filter`, as docker compose has them.</summary>
public sealed class ListingFlagTests
{
    private static async Task<string[]> LinesAsync(TempProject project, params string[] args) =>
        (await project.ComposerOkAsync(args)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Images_format_table_json_and_template()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        var imageId = await Docker.RunAsync("image", "inspect", "-f", "{{.Id}}", "busybox:latest");

        var table = await LinesAsync(project, "images");
        Assert.Equal(["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED"],
            table[0].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Matches($@"^{project.Name}-box-1\s+busybox\s+latest\s+linux/\w+\s+{imageId[7..19]}\s+[\d.]+[kM]B\s+.+ ago$", Assert.Single(table[1..]));

        var json = JsonDocument.Parse(Assert.Single(await LinesAsync(project, "images", "--format", "json"))).RootElement;
        var image = Assert.Single(json.EnumerateArray().ToArray());
        Assert.Equal(($"{project.Name}-box-1", "busybox", "latest", imageId), (image.GetProperty("ContainerName").GetString(),
            image.GetProperty("Repository").GetString(), image.GetProperty("Tag").GetString(), image.GetProperty("ID").GetString()));
        Assert.True(image.GetProperty("Size").GetInt64() > 0);

        Assert.Equal([$"{project.Name}-box-1 busybox:latest"], await LinesAsync(project, "images", "--format", "{{.ContainerName}} {{.Repository}}:{{.Tag}}"));
        Assert.Equal([imageId[7..]], await LinesAsync(project, "images", "-q"));
        var bad = await project.ComposerAsync("images", "--format", "{{.Nope}}");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("template parsing error", bad.Stderr);
    }

    [Fact]
    public async Task Events_since_replays_past_events_and_until_ends_the_stream()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var before = Unix(DateTimeOffset.UtcNow.AddSeconds(-1));
        await project.ComposerOkAsync("up", "-d");
        var after = Unix(DateTimeOffset.UtcNow.AddSeconds(1));

        // Both in the past (after the engine's clock catches up): the replay, then the end.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var replay = await project.ComposerOkAsync("events", "--json", "--since", before, "--until", after);
        var actions = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("action").GetString());
        Assert.Equal(["create", "start"], actions);
        // Since a moment after them: none of them.
        Assert.Equal("", (await project.ComposerOkAsync("events", "--since", after, "--until", Unix(DateTimeOffset.UtcNow.AddSeconds(1)))).Stdout);

        // A duration counts back from now; an until in the future ends the stream when it comes.
        Assert.Contains("container start", (await project.ComposerOkAsync("events", "--since", "10m", "--until", "0s")).Stdout);
        var watch = Stopwatch.StartNew();
        // (Without --since the engine also replays what it still holds, as it does for docker compose.)
        await project.ComposerOkAsync("events", "--until", Unix(DateTimeOffset.UtcNow.AddSeconds(3)));
        Assert.InRange(watch.Elapsed.TotalSeconds, 2, 30);

        var invalid = await project.ComposerAsync("events", "--since", "yesterday-ish");
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("invalid value \"yesterday-ish\" for --since", invalid.Stderr);
    }

    private static string Unix(DateTimeOffset at) => (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Ls_filter_name_keeps_projects_whose_name_matches()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal([project.Name], await LinesAsync(project, "ls", "-q", "--filter", $"name={project.Name}"));
        // A regular expression, unanchored, as compose matches it.
        Assert.Equal([project.Name], await LinesAsync(project, "ls", "-q", "--filter", $"name=^{project.Name[..8]}.*{project.Name[^2..]}$"));
        Assert.Contains(project.Name, await LinesAsync(project, "ls", "-q", "--filter", $"name={project.Name[3..9]}"));
        Assert.Empty(await LinesAsync(project, "ls", "-q", "--filter", $"name=^{project.Name}x"));

        var key = await project.ComposerAsync("ls", "--filter", "status=running");
        Assert.Equal(1, key.ExitCode);
        Assert.Contains("invalid filter 'status'", key.Stderr);
        var form = await project.ComposerAsync("ls", "--filter", "name");
        Assert.Equal(1, form.ExitCode);
        Assert.Contains("bad format of --filter", form.Stderr);
    }
}
