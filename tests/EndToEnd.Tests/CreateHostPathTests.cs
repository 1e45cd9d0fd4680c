using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>Long-syntax binds and `bind.create_host_path`: false refuses a missing host path, true or unsaid creates it.</summary>
public sealed class CreateHostPathTests
{
    private static string Compose(string bindOptions) => $$"""
        services:
          box:
            image: busybox:latest
            command: {{Busybox.Idle}}
            volumes:
              - type: bind
                source: ./missing
                target: /x
        {{bindOptions}}
        """;

    [Fact]
    public async Task A_missing_source_with_create_host_path_false_is_an_error_naming_service_and_path_and_nothing_is_created()
    {
        await using var project = new TempProject(Compose("        bind: {create_host_path: false}"));

        var result = await project.ComposerAsync("up", "-d");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("service \"box\"", result.Stderr);
        Assert.Contains(Path.Combine(project.Directory, "missing"), result.Stderr);
        Assert.DoesNotContain("   at ", result.All);
        Assert.False(Path.Exists(Path.Combine(project.Directory, "missing")));
        // Not even the project's network: the check comes before the plan runs.
        Assert.Equal("", (await Docker.RunAsync("network", "ls", "-q", "--filter", $"label=com.docker.compose.project={project.Name}")).Trim());
        Assert.Equal("", (await Docker.RunAsync("ps", "-aq", "--filter", $"label=com.docker.compose.project={project.Name}")).Trim());
    }

    [Fact]
    public async Task A_present_source_with_create_host_path_false_is_mounted()
    {
        await using var project = new TempProject(Compose("        bind: {create_host_path: false, propagation: rprivate}"));
        project.Write("missing/here.txt", "present\n");

        await project.ComposerOkAsync("up", "-d");

        Assert.Equal("present", await Docker.ExecAsync($"{project.Name}-box-1", "cat", "/x/here.txt"));
    }

    [Theory]
    [InlineData("        bind: {create_host_path: true}")]
    [InlineData("")]
    public async Task A_missing_source_with_create_host_path_true_or_unsaid_is_created(string bindOptions)
    {
        await using var project = new TempProject(Compose(bindOptions));

        await project.ComposerOkAsync("up", "-d");

        Assert.True(Directory.Exists(Path.Combine(project.Directory, "missing")));
    }
}
