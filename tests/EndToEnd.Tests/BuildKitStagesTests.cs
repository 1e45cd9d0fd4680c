using System.Text.RegularExpressions;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// Dockerfile features the classic builder lacks, built through composer's own BuildKit session with no docker
/// CLI on its PATH: `COPY --chmod`, and a `target` whose two independent stages build at the same time while
/// the stage after the target is never built.
/// </summary>
public sealed class BuildKitStagesTests
{
    private static readonly Dictionary<string, string> NoDockerCli = new()
    {
        ["PATH"] = Directory.CreateTempSubdirectory("composer-no-docker-").FullName,
        ["DOCKER_BUILDKIT"] = "1",
    };

    private static async Task<string> InImageAsync(string image, string command) =>
        (await Docker.RunAsync("run", "--rm", "--network", "none", image, "sh", "-c", command)).Trim();

    [Fact]
    public async Task Copy_chmod_sets_the_mode_of_the_copied_file()
    {
        await using var project = new TempProject("""
            services:
              app:
                build: ./app
            """, prefix: "bkstg") { Environment = NoDockerCli };
        project.Write("app/run.sh", "#!/bin/sh\necho hi\n");
        project.Write("app/Dockerfile", "FROM busybox:latest\nCOPY --chmod=751 run.sh /run.sh\n");
        var image = $"{project.Name}-app";
        try
        {
            await project.ComposerOkAsync("build");
            Assert.Equal("751", await InImageAsync(image, "stat -c %a /run.sh"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
    }

    [Fact]
    public async Task A_target_builds_its_two_independent_stages_at_once_and_nothing_after_it()
    {
        var mark = Guid.NewGuid().ToString("N"); // stages of their own: the engine's build cache outlives test runs
        await using var project = new TempProject("""
            services:
              app:
                build:
                  context: ./app
                  target: final
            """, prefix: "bkstg") { Environment = NoDockerCli };
        project.Write("app/Dockerfile", $"""
            FROM busybox:latest AS left
            RUN echo {mark} && sleep 3 && echo left > /left
            FROM busybox:latest AS right
            RUN echo {mark} && sleep 3 && echo right > /right
            FROM busybox:latest AS final
            COPY --from=left /left /left
            COPY --from=right /right /right
            FROM final AS after
            RUN echo 'the stage after the target ran' && exit 1
            """);
        var image = $"{project.Name}-app";
        try
        {
            var result = await project.ComposerOkAsync("build");
            Assert.Equal("left right", await InImageAsync(image, "echo $(cat /left) $(cat /right)"));
            Assert.DoesNotContain("the stage after the target ran", result.All);

            // Plain progress: both stages' RUN steps start before either is done.
            var lines = result.All.Split('\n');
            int Step(string stage) => int.Parse(lines.Select(l => Regex.Match(l, $@"^#(\d+) \[app {stage} 2/2\] RUN")).First(m => m.Success).Groups[1].Value);
            int Line(Func<string, bool> match) => Array.FindIndex(lines, l => match(l));
            var (left, right) = (Step("left"), Step("right"));
            var started = Math.Max(Line(l => l.StartsWith($"#{left} [", StringComparison.Ordinal)), Line(l => l.StartsWith($"#{right} [", StringComparison.Ordinal)));
            var firstDone = Math.Min(Line(l => l.StartsWith($"#{left} DONE", StringComparison.Ordinal)), Line(l => l.StartsWith($"#{right} DONE", StringComparison.Ordinal)));
            Assert.True(started >= 0 && firstDone > started, result.All);
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image);
        }
    }
}
