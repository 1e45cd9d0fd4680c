using System.Formats.Tar;
using System.Text.Json;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`commit` and `export`: a service container's filesystem, made an image or a tar archive.</summary>
public sealed class SnapshotVerbTests
{
    /// <summary>`box` writes /made, then idles.</summary>
    private static readonly string Writer = """
        services:
          box:
            image: busybox:latest
            command: ["sh", "-c", "echo made-by-box > /made; trap 'exit 0' TERM; sleep 3600 & wait"]
        """;

    private static async Task<TempProject> UpAsync()
    {
        var project = new TempProject(Writer);
        await project.ComposerOkAsync("up", "-d");
        await NetworkingTests.RetryAsync(() => Docker.ExecAsync($"{project.Name}-box-1", "cat", "/made"));
        return project;
    }

    [Fact]
    public async Task Commit_makes_an_image_with_the_containers_file_author_message_and_changes()
    {
        await using var project = await UpAsync();
        var image = $"{project.Name}-committed:v1";
        try
        {
            var commit = await project.ComposerOkAsync("commit", "-a", "Ann <ann@example.com>", "-m", "snapshot of box",
                "-c", "ENV X=1", "--change", "LABEL team=core", "box", image);
            Assert.Contains("Committed as sha256:", commit.Stderr);

            Assert.Equal("Ann <ann@example.com>|snapshot of box", await Docker.RunAsync("image", "inspect", "-f", "{{.Author}}|{{.Comment}}", image));
            Assert.Contains("X=1", await Docker.RunAsync("image", "inspect", "-f", "{{.Config.Env}}", image));
            Assert.Equal("core", await Docker.RunAsync("image", "inspect", "-f", "{{index .Config.Labels \"team\"}}", image));
            Assert.Equal("made-by-box 1", await Docker.RunAsync("run", "--rm", "--network", "none", image, "sh", "-c", "echo $(cat /made) $X"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
    }

    [Fact]
    public async Task Commit_without_pause_and_of_an_unknown_service_or_missing_replica()
    {
        await using var project = await UpAsync();
        var image = $"{project.Name}-nopause";
        try
        {
            await project.ComposerOkAsync("commit", "--pause=false", "box", image);
            Assert.Equal("made-by-box", await Docker.RunAsync("run", "--rm", "--network", "none", image + ":latest", "cat", "/made"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
        var unknown = await project.ComposerAsync("commit", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no such service: nope", unknown.Stderr);
        var missing = await project.ComposerAsync("commit", "--index", "2", "box");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("service \"box\" is not running container #2", missing.Stderr);
    }

    [Fact]
    public async Task Export_writes_the_containers_filesystem_to_a_file_or_stdout()
    {
        await using var project = await UpAsync();
        var file = Path.Combine(project.Directory, "box.tar");
        await project.ComposerOkAsync("export", "-o", file, "box");
        Assert.Equal("made-by-box\n", ReadEntry(file, "made"));
        Assert.False(Directory.EnumerateFiles(project.Directory, "*.tmp", SearchOption.AllDirectories).Any()); // the temporary file was renamed

        // Without -o, to stdout (not a terminal here); by label alone, from a folder with no compose file.
        var elsewhere = Directory.CreateTempSubdirectory("composer-e2e-").FullName;
        try
        {
            var piped = Path.Combine(project.Directory, "piped.tar");
            var shell = await ProcessRunner.RunAsync("sh", ["-c", $"{ComposerCli.ShellCommand("-p", project.Name, "export", "--index", "1", "box")} > {piped}"], elsewhere);
            shell.EnsureSuccess("export > file");
            Assert.Equal("made-by-box\n", ReadEntry(piped, "made"));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task Export_refuses_a_terminal_and_a_folder_as_output()
    {
        await using var project = await UpAsync();
        // `script` gives the command a terminal for its stdout.
        var onTerminal = await ProcessRunner.RunAsync("script", ["-qec", ComposerCli.ShellCommand("-p", project.Name, "export", "box"), "/dev/null"], project.Directory);
        Assert.Equal(1, onTerminal.ExitCode);
        Assert.Contains("output option is required when exporting to terminal", onTerminal.Stdout);

        var folder = await project.ComposerAsync("export", "-o", project.Directory, "box");
        Assert.Equal(1, folder.ExitCode);
        Assert.Contains("invalid --output", folder.Stderr);
    }

    private static string? ReadEntry(string tar, string name)
    {
        using var reader = new TarReader(File.OpenRead(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name.TrimStart('.', '/') != name) continue;
            using var content = new StreamReader(entry.DataStream!);
            return content.ReadToEnd();
        }
        return null;
    }
}
