using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// `annotations` need engine API 1.43; composer speaks 1.41, where the engine would drop them. The verbs that
/// create containers refuse the service before anything exists; `config` still prints the key.
/// </summary>
public sealed class AnnotationsRefusalTests
{
    private const string Tagged = """
        services:
          app:
            image: busybox:latest
            command: ["true"]
            annotations:
              com.example.owner: team-a
        """;

    [Theory]
    [InlineData("up", "-d")]
    [InlineData("create")]
    public async Task Creating_a_service_with_annotations_is_refused_with_the_reason(params string[] verb)
    {
        await using var project = new TempProject(Tagged);
        var result = await project.ComposerAsync(verb);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("service 'app': `annotations` need engine API 1.43", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Config_still_prints_the_annotations()
    {
        await using var project = new TempProject(Tagged);
        Assert.Contains("com.example.owner: team-a", (await project.ComposerOkAsync("config")).Stdout);
    }
}
