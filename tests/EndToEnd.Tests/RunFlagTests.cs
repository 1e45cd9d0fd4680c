using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`run` flags with docker compose's meaning, checked through the docker CLI.</summary>
public sealed class RunFlagTests
{
    private const string Box = """
        services:
          box:
            image: busybox:latest
            command: ["true"]
        """;

    [Fact]
    public async Task Labels_capabilities_and_aliases_reach_the_one_off_container()
    {
        await using var project = new TempProject(Box);
        var name = (await project.ComposerOkAsync("run", "-d", "-l", "team=web", "--label", "tier=1", "--cap-add", "NET_ADMIN", "--cap-drop", "CHOWN",
            "box", "sleep", "30")).Stdout.Trim();
        Assert.Equal("web 1", await Docker.RunAsync("inspect", "-f", "{{index .Config.Labels \"team\"}} {{index .Config.Labels \"tier\"}}", name));
        Assert.Equal("[NET_ADMIN] [CHOWN]", await Docker.RunAsync("inspect", "-f", "{{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}}", name));
        Assert.DoesNotContain("box", await Docker.RunAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.Aliases}}{{end}}", name));

        var aliased = (await project.ComposerOkAsync("run", "-d", "--use-aliases", "box", "sleep", "30")).Stdout.Trim();
        Assert.Contains("box", await Docker.RunAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.Aliases}}{{end}}", aliased));
    }

    [Fact]
    public async Task Volume_binds_a_folder_relative_to_the_project_and_env_from_file_sets_variables()
    {
        await using var project = new TempProject(Box);
        project.Write("shared/note.txt", "from-the-host");
        project.Write("run.env", "GREETING=from-file\nOTHER=kept\n");
        var result = await project.ComposerOkAsync("run", "--rm", "-T", "-v", "./shared:/mnt/shared:ro", "--env-from-file", "run.env", "-e", "OTHER=from-flag",
            "box", "sh", "-c", "cat /mnt/shared/note.txt; echo \" $GREETING $OTHER\"");
        Assert.Equal("from-the-host from-file from-flag", result.Stdout.Trim());

        var bad = await project.ComposerAsync("run", "--rm", "-v", "data:relative", "box");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--volume:", bad.Stderr);
        var badFile = await project.ComposerAsync("run", "--rm", "--env-from-file", "missing.env", "box");
        Assert.Equal(1, badFile.ExitCode);
        Assert.Contains("missing.env", badFile.Stderr);
        Assert.DoesNotContain("   at ", badFile.Stderr);
    }

    [Fact]
    public async Task Interactive_false_gives_the_container_no_stdin()
    {
        await using var project = new TempProject(Box);
        Assert.Equal("piped", (await project.ComposerWithInputAsync("piped\n", "run", "--rm", "-T", "box", "cat")).Stdout.Trim());
        Assert.Equal("", (await project.ComposerWithInputAsync("piped\n", "run", "--rm", "-T", "--interactive=false", "box", "cat")).Stdout.Trim());
    }

    [Fact]
    public async Task Quiet_leaves_stdout_to_the_command_and_remove_orphans_clears_old_services()
    {
        await using var project = new TempProject($$"""
            services:
              box:
                image: busybox:latest
                command: ["true"]
              old:
                image: busybox:latest
                command: {{Busybox.Idle}}
            """);
        await project.ComposerOkAsync("up", "-d", "old");
        project.Write("compose.yaml", $$"""
            services:
              box:
                image: busybox:latest
                command: ["true"]
                depends_on: [dep]
              dep:
                image: busybox:latest
                command: {{Busybox.Idle}}
            """);
        var quiet = await project.ComposerOkAsync("--progress", "plain", "run", "--rm", "-T", "-q", "--remove-orphans", "box", "echo", "only-this");
        Assert.Equal("only-this", quiet.Stdout.Trim());
        Assert.DoesNotContain("Container", quiet.Stderr);
        Assert.DoesNotContain($"{project.Name}-old-1", await Docker.ContainersAsync(project.Name));
    }

    [Fact]
    public async Task Quiet_build_hides_the_builder_output()
    {
        // Each Dockerfile is unique to this run: the engine keeps its build cache across runs, and a cached step prints nothing.
        await using var project = new TempProject("""
            services:
              built:
                build: .
                command: ["true"]
            """);
        project.Write("Dockerfile", $"FROM busybox:latest\nARG STAMP={project.Name}-1\nRUN echo builder-says-$STAMP\n");
        var quiet = await project.ComposerOkAsync("--progress", "plain", "up", "--build", "--quiet-build");
        Assert.DoesNotContain("builder-says", quiet.Stdout + quiet.Stderr);
        project.Write("Dockerfile", $"FROM busybox:latest\nARG STAMP={project.Name}-2\nRUN echo builder-says-$STAMP\n");
        var loud = await project.ComposerOkAsync("--progress", "plain", "up", "--build");
        Assert.Contains($"builder-says-{project.Name}-2", loud.Stdout + loud.Stderr);

        project.Write("Dockerfile", $"FROM busybox:latest\nARG STAMP={project.Name}-3\nRUN echo builder-says-$STAMP\n");
        var run = await project.ComposerOkAsync("--progress", "plain", "run", "--rm", "--build", "--quiet-build", "built");
        Assert.DoesNotContain("builder-says", run.Stdout + run.Stderr);

        project.Write("Dockerfile", $"FROM busybox:latest\nARG STAMP={project.Name}-4\nRUN echo builder-says-$STAMP\n");
        var build = await project.ComposerOkAsync("--progress", "plain", "build", "-q");
        Assert.Equal("", build.Stdout + build.Stderr);
        project.Write("Dockerfile", $"FROM busybox:latest\nARG STAMP={project.Name}-5\nRUN echo builder-says-$STAMP\n");
        Assert.Contains($"builder-says-{project.Name}-5", (await project.ComposerOkAsync("--progress", "plain", "build")).Stderr);
    }
}
