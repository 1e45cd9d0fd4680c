using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

public sealed class FilesTests
{
    [Fact]
    public async Task Bind_mounts_configs_and_secrets_are_readable_inside()
    {
        await using var project = new TempProject($$"""
            services:
              app:
                image: busybox:latest
                command: {{Busybox.Idle}}
                volumes: [ "./site:/site:ro" ]
                configs:
                  - source: settings
                    target: /etc/app/settings.ini
                secrets: [ token ]
            configs:
              settings:
                file: ./settings.ini
            secrets:
              token:
                file: ./token.txt
            """);
        project.Write("site/index.html", "from the host");
        project.Write("settings.ini", "mode=test");
        project.Write("token.txt", "s3cret");
        await project.ComposerOkAsync("up", "-d");

        var app = $"{project.Name}-app-1";
        Assert.Equal("from the host", await Docker.ExecAsync(app, "cat", "/site/index.html"));
        Assert.Equal("mode=test", await Docker.ExecAsync(app, "cat", "/etc/app/settings.ini"));
        Assert.Equal("s3cret", await Docker.ExecAsync(app, "cat", "/run/secrets/token"));
    }
}
