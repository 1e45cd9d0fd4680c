using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// `models` needs Docker Model Runner, which composer does not drive: the verbs that would start a service
/// using models say so and leave nothing behind, rather than start it without its models.
/// </summary>
public sealed class ModelsRefusalTests
{
    [Theory]
    [InlineData("up", "-d")]
    [InlineData("create")]
    [InlineData("run", "--rm", "chat", "true")]
    [InlineData("scale", "chat=2")]
    public async Task Running_a_service_that_uses_models_is_refused_before_anything_is_created(params string[] verb)
    {
        await using var project = new TempProject(ConfigFlagTests.WithModels);
        var result = await project.ComposerAsync(verb);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("service 'chat' uses models (llm)", result.Stderr);
        Assert.Contains("Docker Model Runner", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
        Assert.Equal("", (await Docker.RunAsync("network", "ls", "-q", "--filter", $"label=com.docker.compose.project={project.Name}")).Trim());
    }

    [Fact]
    public async Task Build_and_pull_need_no_model_runner_and_are_not_refused()
    {
        // No registry is reachable here: pull_policy never lets `pull` decide without fetching.
        await using var project = new TempProject(ConfigFlagTests.WithModels.Replace("    command:", "    pull_policy: never\n    command:"));
        await project.ComposerOkAsync("build");
        Assert.Contains("Skipped - pull_policy is never", (await project.ComposerOkAsync("pull")).Stderr);
    }
}
