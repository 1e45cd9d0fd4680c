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
}
