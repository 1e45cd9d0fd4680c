using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`run -p/--publish` and `-P/--service-ports`, with docker compose's meaning.</summary>
public sealed class RunPublishTests
{
    private static readonly string WithServicePort = $$"""
        services:
          box:
            image: busybox:latest
            command: {{Busybox.Idle}}
            ports: ["18493:80"]
        """;

    [Fact]
    public async Task Run_p_publishes_the_given_port_while_the_project_name_goes_before_the_verb()
    {
        await using var project = new TempProject(WithServicePort);
        var name = (await project.ComposerOkAsync("run", "-d", "-p", "18494:80", "--publish", "18495:81", "box")).Stdout.Trim();
        Assert.StartsWith($"{project.Name}-box-run-", name);
        var bindings = await Docker.RunAsync("port", name);
        Assert.Contains("80/tcp -> 0.0.0.0:18494", bindings);
        Assert.Contains("81/tcp -> 0.0.0.0:18495", bindings);
        Assert.DoesNotContain("18493", bindings);
    }

    [Fact]
    public async Task Run_publishes_the_service_ports_only_with_P()
    {
        await using var project = new TempProject(WithServicePort);
        var plain = (await project.ComposerOkAsync("run", "-d", "box")).Stdout.Trim();
        Assert.Equal("", await Docker.RunAsync("port", plain));
        await Docker.RunAsync("rm", "-f", plain);

        var withServicePorts = (await project.ComposerOkAsync("run", "-d", "-P", "box")).Stdout.Trim();
        Assert.Contains("80/tcp -> 0.0.0.0:18493", await Docker.RunAsync("port", withServicePorts));

        var both = await project.ComposerAsync("run", "-d", "--service-ports", "-p", "18496:80", "box");
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("--service-ports and --publish are incompatible", both.Stderr);
    }
}
