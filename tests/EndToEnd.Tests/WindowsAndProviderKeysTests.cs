using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// The keys composer keeps but cannot run as written: a provider service and credential_spec are refused by
/// the verbs that create containers, naming the file, line and column, before anything exists; isolation is
/// sent to the engine, which takes "default" and answers the Windows modes itself.
/// </summary>
public sealed class WindowsAndProviderKeysTests
{
    [Fact]
    public async Task A_provider_service_is_refused_with_its_position_and_nothing_is_created()
    {
        await using var project = new TempProject($$"""
            services:
              database:
                provider:
                  type: awesomecloud
                  options: {type: mysql}
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                depends_on: [database]
            """);
        var result = await project.ComposerAsync("up", "-d");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("compose.yaml:3:5: service 'database' is managed by provider 'awesomecloud'", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
        Assert.Contains("type: awesomecloud", (await project.ComposerOkAsync("config")).Stdout);
    }

    [Fact]
    public async Task Credential_spec_is_refused_with_its_position()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                credential_spec:
                  file: spec.json
            """);
        var result = await project.ComposerAsync("create");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("compose.yaml:5:5: service 'app': credential_spec sets Windows gMSA credentials", result.Stderr);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Isolation_reaches_the_engine_which_answers_for_itself()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                isolation: default
              windows:
                image: busybox:latest
                command: {{Busybox.Idle}}
                isolation: process
            """);
        await project.ComposerOkAsync("up", "-d", "app");
        Assert.Equal("default", await Docker.RunAsync("inspect", "-f", "{{.HostConfig.Isolation}}", $"{project.Name}-app-1"));
        var refused = await project.ComposerAsync("up", "-d", "windows");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("isolation", refused.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("process", refused.Stderr);
    }
}
