using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

public sealed class UpDownTests
{
    private const string TwoServices = $$"""
        services:
          db:
            image: busybox:latest
            command: {{Busybox.Idle}}
            environment: { ROLE: db }
            volumes: [ "data:/data" ]
          web:
            image: busybox:latest
            command: {{Busybox.Idle}}
            environment: { ROLE: web }
            depends_on: [ db ]
        volumes:
          data: {}
        """;

    [Fact]
    public async Task Up_creates_labelled_containers_and_down_leaves_nothing_behind()
    {
        await using var project = new TempProject(TwoServices);
        await project.ComposerOkAsync("up", "-d");

        Assert.Equal([$"{project.Name}-db-1", $"{project.Name}-web-1"], await Docker.ContainersAsync(project.Name));
        Assert.Equal("running", await Docker.RunAsync("inspect", "-f", "{{.State.Status}}", $"{project.Name}-web-1"));
        Assert.Equal("web", await Docker.RunAsync("inspect", "-f", "{{index .Config.Labels \"com.docker.compose.service\"}}", $"{project.Name}-web-1"));
        Assert.Contains($"{project.Name}_default", await Docker.RunAsync("network", "ls", "--format", "{{.Name}}"));

        await project.ComposerOkAsync("down", "-v", "-t", "1");
        Assert.Empty(await Docker.ContainersAsync(project.Name));
        Assert.DoesNotContain(project.Name, await Docker.RunAsync("network", "ls", "--format", "{{.Name}}"));
        Assert.DoesNotContain(project.Name, await Docker.RunAsync("volume", "ls", "--format", "{{.Name}}"));
    }

    [Fact]
    public async Task Second_up_is_a_no_op_and_an_env_change_recreates_only_that_service()
    {
        await using var project = new TempProject(TwoServices);
        await project.ComposerOkAsync("up", "-d");
        var dbId = await Docker.ContainerIdAsync($"{project.Name}-db-1");
        var webId = await Docker.ContainerIdAsync($"{project.Name}-web-1");

        var again = await project.ComposerOkAsync("up", "-d");
        Assert.Equal(dbId, await Docker.ContainerIdAsync($"{project.Name}-db-1"));
        Assert.Equal(webId, await Docker.ContainerIdAsync($"{project.Name}-web-1"));
        Assert.DoesNotContain("Created", again.All);

        project.Write("compose.yaml", TwoServices.Replace("ROLE: web", "ROLE: web2"));
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal(dbId, await Docker.ContainerIdAsync($"{project.Name}-db-1"));
        Assert.NotEqual(webId, await Docker.ContainerIdAsync($"{project.Name}-web-1"));
        Assert.Equal("web2", await Docker.ExecAsync($"{project.Name}-web-1", "sh", "-c", "echo $ROLE"));
    }

    [Fact]
    public async Task Plain_down_keeps_named_volume_data_and_down_v_removes_it()
    {
        await using var project = new TempProject(TwoServices);
        await project.ComposerOkAsync("up", "-d", "db");
        await Docker.ExecAsync($"{project.Name}-db-1", "sh", "-c", "echo kept > /data/file");

        await project.ComposerOkAsync("down", "-t", "1");
        Assert.Contains($"{project.Name}_data", await Docker.RunAsync("volume", "ls", "--format", "{{.Name}}"));

        await project.ComposerOkAsync("up", "-d", "db");
        Assert.Equal("kept", await Docker.ExecAsync($"{project.Name}-db-1", "cat", "/data/file"));

        await project.ComposerOkAsync("down", "-v", "-t", "1");
        Assert.DoesNotContain($"{project.Name}_data", await Docker.RunAsync("volume", "ls", "--format", "{{.Name}}"));
    }

    [Fact]
    public async Task Replicas_give_numbered_containers_and_scale_down_removes_the_highest()
    {
        await using var project = new TempProject($$"""
            services:
              worker:
                image: busybox:latest
                command: {{Busybox.Idle}}
                deploy: { replicas: 3 }
            """);
        await project.ComposerOkAsync("up", "-d");
        Assert.Equal([$"{project.Name}-worker-1", $"{project.Name}-worker-2", $"{project.Name}-worker-3"],
            await Docker.ContainersAsync(project.Name));

        await project.ComposerOkAsync("up", "-d", "--scale", "worker=1");
        Assert.Equal([$"{project.Name}-worker-1"], await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Docker_compose_1_29_lists_a_project_composer_started()
    {
        await using var project = new TempProject(TwoServices);
        await project.ComposerOkAsync("up", "-d");
        var peer = await ProcessRunner.RunAsync("docker-compose", ["-p", project.Name, "ps"], project.Directory);
        peer.EnsureSuccess("docker-compose ps");
        Assert.Contains($"{project.Name}-db-1", peer.Stdout);
        Assert.Contains($"{project.Name}-web-1", peer.Stdout);
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_and_changes_nothing()
    {
        await using var project = new TempProject(TwoServices);
        var result = await project.ComposerOkAsync("up", "-d", "--dry-run");
        Assert.Contains($"create container {project.Name}-db-1", result.All);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
    }
}
