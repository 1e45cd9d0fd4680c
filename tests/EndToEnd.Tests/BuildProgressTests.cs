using System.Text.RegularExpressions;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// A BuildKit build's steps as each --progress mode shows them, composer run with no docker CLI on
/// its PATH (the steps come from composer's own BuildKit session, not from buildx).
/// </summary>
public sealed class BuildProgressTests
{
    private static readonly string EmptyPath = Directory.CreateTempSubdirectory("composer-no-docker-").FullName;

    private static TempProject Project(string dockerfile, Dictionary<string, string>? environment = null)
    {
        var project = new TempProject("""
            services:
              app:
                build: ./app
            """, prefix: "bkprog")
        { Environment = new Dictionary<string, string>(environment ?? []) { ["PATH"] = EmptyPath, ["DOCKER_BUILDKIT"] = "1" } };
        project.Write("app/Dockerfile", dockerfile);
        return project;
    }

    private static async Task RemoveImageAsync(TempProject project) => await Docker.TryAsync("rmi", "-f", $"{project.Name}-app");

    [Fact]
    public async Task Plain_numbers_the_steps_and_shows_them_cached_on_the_second_build()
    {
        var mark = Guid.NewGuid().ToString("N");
        await using var project = Project($"""
            FROM busybox:latest
            RUN echo built-{mark} > /mark
            """);
        try
        {
            var first = await project.ComposerOkAsync("--progress", "plain", "build");
            var run = Regex.Match(first.Stderr, @"^#(\d+) \[app 2/2\] RUN echo built-", RegexOptions.Multiline);
            Assert.True(run.Success, first.Stderr);
            Assert.Matches($@"(?m)^#{run.Groups[1].Value} DONE \d+\.\ds$", first.Stderr);
            Assert.Equal("", first.Stdout);

            var second = await project.ComposerOkAsync("--progress", "plain", "build");
            var again = Regex.Match(second.Stderr, @"^#(\d+) \[app 2/2\] RUN echo built-", RegexOptions.Multiline);
            Assert.True(again.Success, second.Stderr);
            // The step's last word is CACHED, and no DONE of it comes after.
            var lines = second.Stderr.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith($"#{again.Groups[1].Value} ", StringComparison.Ordinal)).ToList();
            Assert.Equal($"#{again.Groups[1].Value} CACHED", lines[^1]);
        }
        finally
        {
            await RemoveImageAsync(project);
        }
    }

    [Fact]
    public async Task Quiet_prints_nothing_when_the_build_succeeds()
    {
        await using var project = Project($"""
            FROM busybox:latest
            RUN echo {Guid.NewGuid():N} > /mark
            """);
        try
        {
            string[][] quietOnes = [["build", "-q"], ["--progress", "quiet", "build"]];
            foreach (var quiet in quietOnes)
            {
                var result = await project.ComposerOkAsync(quiet);
                Assert.Equal("", result.Stdout);
                Assert.Equal("", result.Stderr);
            }
        }
        finally
        {
            await RemoveImageAsync(project);
        }
    }

    [Fact]
    public async Task A_failing_steps_output_shows_in_plain_quiet_and_json_and_the_exit_is_non_zero()
    {
        var mark = Guid.NewGuid().ToString("N");
        await using var project = Project($"""
            FROM busybox:latest
            RUN echo out-{mark}; echo err-{mark} >&2; exit 3
            """);
        string[][] modes = [["--progress", "plain", "build"], ["build", "-q"], ["--progress", "quiet", "build"]];
        foreach (var args in modes)
        {
            var result = await project.ComposerAsync(args);
            var said = string.Join(' ', args);
            Assert.True(result.ExitCode != 0, said);
            // The failed step framed as buildx frames it, with its output, then the engine's message.
            // (stdout and stderr are two streams: their lines may come in either order)
            var report = Regex.Match(result.Stderr.ReplaceLineEndings("\n"), $@"------\n > \[app 2/2\] RUN echo out-{mark}[^\n]*:\n((?:\d+\.\d+ [^\n]*\n)+)------");
            Assert.True(report.Success, $"{said}:\n{result.Stderr}");
            Assert.Contains($"out-{mark}\n", report.Groups[1].Value);
            Assert.Contains($"err-{mark}\n", report.Groups[1].Value);
            Assert.Contains("exit code: 3", result.Stderr);
            Assert.DoesNotContain("   at ", result.All);
        }

        var json = await project.ComposerAsync("--progress", "json", "build");
        Assert.NotEqual(0, json.ExitCode);
        var logged = json.Stderr.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("{\"logs\":", StringComparison.Ordinal))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("logs")[0].GetProperty("data").GetBytesFromBase64())
            .Select(System.Text.Encoding.UTF8.GetString);
        Assert.Contains($"out-{mark}\n", logged);
    }

    [Fact]
    public async Task A_failing_classic_build_shows_its_last_lines_under_quiet_too()
    {
        var mark = Guid.NewGuid().ToString("N");
        await using var project = Project($"""
            FROM busybox:latest
            RUN echo classic-{mark}; exit 4
            """, new() { ["DOCKER_BUILDKIT"] = "0" });
        foreach (var args in new[] { new[] { "build", "-q" }, ["--progress", "quiet", "build"] })
        {
            var result = await ComposerCli.RunAsync(project.Directory, new Dictionary<string, string>(project.Environment!) { ["DOCKER_BUILDKIT"] = "0" },
                ["-p", project.Name, .. args]);
            Assert.True(result.ExitCode != 0, result.All);
            Assert.Contains($"app  classic-{mark}", result.Stderr);
            Assert.Contains("returned a non-zero code: 4", result.Stderr);
        }
    }

    [Fact]
    public async Task A_terminal_sees_the_steps_redrawn_in_place_and_their_final_state()
    {
        var mark = Guid.NewGuid().ToString("N");
        await using var project = Project($"""
            FROM busybox:latest
            RUN echo {mark} && sleep 1 && echo done-{mark}
            """);
        try
        {
            // `script` gives composer a terminal; its shell finds composer by absolute path, as PATH is empty.
            var command = ComposerCli.ShellCommand("-p", project.Name, "build").Replace("dotnet ", Which("dotnet") + " ", StringComparison.Ordinal);
            var result = await ProcessRunner.RunAsync("/usr/bin/script", ["-qfec", command, "/dev/null"], project.Directory,
                new Dictionary<string, string>(project.Environment!) { ["TERM"] = "xterm", ["COLUMNS"] = "160", ["LINES"] = "50" },
                TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, result.All);
            var screen = result.Stdout;
            // Redrawn: the cursor goes back up over the previous frame.
            Assert.Matches(@"\u001b\[\d+A", screen);
            var plain = Regex.Replace(screen, @"\u001b\[[0-9;?]*[A-Za-z]", "");
            // The last frame: the RUN step done with its time, the image built.
            var runLines = plain.Split('\n').Where(l => l.Contains("[app 2/2] RUN echo", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(runLines);
            Assert.Matches(@"DONE\s+\d+\.\ds", runLines[^1]);
            Assert.Contains("Built", plain);
        }
        finally
        {
            await RemoveImageAsync(project);
        }
    }

    private static string Which(string program) =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists) ?? program;
}
