using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// A service's anonymous volume (`volumes: [/data]`) is its data: a recreate hands it to the new
/// container (as docker compose does), -V starts afresh and removes the old one, and `down -v`
/// leaves none of the project's behind.
/// </summary>
public sealed class AnonymousVolumeTests
{
    private static string Compose(string version) => $$"""
        services:
          db:
            image: busybox:latest
            command: {{Busybox.Idle}}
            environment: {VERSION: "{{version}}"}
            volumes: [/data]
        """;

    private static async Task<string> VolumeOfAsync(string container) =>
        await Docker.RunAsync("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/data\"}}{{.Name}}{{end}}{{end}}", container);

    private static async Task<bool> VolumeExistsAsync(string name) => (await Docker.TryAsync("volume", "inspect", name)).ExitCode == 0;

    [Fact]
    public async Task A_recreate_keeps_the_anonymous_volume_renew_replaces_it_and_down_v_removes_it()
    {
        await using var project = new TempProject(Compose("1"), "anon");
        var db = $"{project.Name}-db-1";
        await project.ComposerOkAsync("up", "-d");
        await Docker.ExecAsync(db, "sh", "-c", "echo kept > /data/marker");
        var first = await VolumeOfAsync(db);
        var firstContainer = await Docker.ContainerIdAsync(db);

        project.Write("compose.yaml", Compose("2"));
        await project.ComposerOkAsync("up", "-d");
        Assert.NotEqual(firstContainer, await Docker.ContainerIdAsync(db)); // recreated
        Assert.Equal(first, await VolumeOfAsync(db));
        Assert.Equal("kept", (await Docker.ExecAsync(db, "cat", "/data/marker")).Trim());

        project.Write("compose.yaml", Compose("3"));
        await project.ComposerOkAsync("up", "-d", "-V");
        var renewed = await VolumeOfAsync(db);
        Assert.NotEqual(first, renewed);
        Assert.False(await VolumeExistsAsync(first), "-V leaves the old anonymous volume behind");
        Assert.NotEqual(0, (await Docker.TryAsync("exec", db, "cat", "/data/marker")).ExitCode);

        // Handed over once more, then down -v: the carried volume goes too.
        await Docker.ExecAsync(db, "sh", "-c", "echo again > /data/marker");
        project.Write("compose.yaml", Compose("4"));
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal(renewed, await VolumeOfAsync(db));
        await project.ComposerOkAsync("down", "-v");
        Assert.False(await VolumeExistsAsync(renewed), "down -v left the anonymous volume behind");
    }
}
