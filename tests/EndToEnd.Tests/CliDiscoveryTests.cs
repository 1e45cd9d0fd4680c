using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>Where the project comes from: stdin, --project-directory, or (with -p and no compose file) the engine's labels.</summary>
public sealed class CliDiscoveryTests
{
    [Fact]
    public async Task File_dash_reads_the_project_from_stdin_and_resolves_it_in_the_current_directory()
    {
        var here = Directory.CreateTempSubdirectory("composer-e2e-stdin-").FullName;
        try
        {
            var yaml = """
                services:
                  piped:
                    image: busybox:latest
                    volumes: ["./data:/data"]
                """;
            var config = (await ComposerCli.RunWithInputAsync(here, yaml, "-f", "-", "config")).EnsureSuccess("config -f -");
            Assert.Contains("piped:", config.Stdout);
            Assert.Contains(Path.Combine(here, "data"), config.Stdout);
            // No -p: the project is named after the current directory, as docker compose names it.
            Assert.Contains($"name: {Path.GetFileName(here).ToLowerInvariant()}", config.Stdout);
        }
        finally { Directory.Delete(here, recursive: true); }
    }

    [Fact]
    public async Task File_dash_refuses_stdin_larger_than_a_compose_file_may_be()
    {
        var here = Directory.CreateTempSubdirectory("composer-e2e-stdin-").FullName;
        try
        {
            // A comment line repeated past the 1 MiB cap: read so far, then refused with the limit named.
            var endless = string.Concat(Enumerable.Repeat("# yes\n", 400_000));
            var result = await ComposerCli.RunWithInputAsync(here, endless, "-f", "-", "config");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("compose file", result.Stderr);
            Assert.Contains("MiB", result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
        finally { Directory.Delete(here, recursive: true); }
    }

    [Fact]
    public async Task Project_directory_is_searched_for_the_compose_file_when_no_file_is_given()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var elsewhere = Directory.CreateTempSubdirectory("composer-e2e-elsewhere-").FullName;
        try
        {
            var config = (await ComposerCli.RunAsync(elsewhere, "-p", project.Name, "--project-directory", project.Directory, "config", "--services"))
                .EnsureSuccess("config --project-directory");
            Assert.Equal("box", config.Stdout.Trim());
        }
        finally { Directory.Delete(elsewhere, recursive: true); }
    }

    [Fact]
    public async Task A_project_name_alone_finds_the_project_by_its_labels_from_a_directory_without_a_compose_file()
    {
        await using var project = new TempProject($$"""
            services:
              box:
                image: busybox:latest
                command: {{Busybox.Idle}}
                ports: ["18491:80"]
            """);
        await project.ComposerOkAsync("up", "-d");
        var container = $"{project.Name}-box-1";
        var elsewhere = Directory.CreateTempSubdirectory("composer-e2e-labels-").FullName;
        try
        {
            Task<ProcessResult> Composer(params string[] args) => ComposerCli.RunAsync(elsewhere, ["-p", project.Name, .. args]);
            async Task<string> Ok(params string[] args) => (await Composer(args)).EnsureSuccess("composer " + string.Join(' ', args)).Stdout;

            Assert.Contains(container, await Ok("ps"));
            Assert.Contains(container, await Ok("ps", "box"));
            // Without the file a service name cannot be checked: it selects by label, and selects nothing here.
            Assert.DoesNotContain(container, await Ok("ps", "other"));
            Assert.Contains("18491", await Ok("port", "box", "80"));
            Assert.Contains("sleep", await Ok("top", "box"));
            Assert.Contains(container, await Ok("images"));
            await Ok("logs", "box");

            await Ok("pause", "box");
            Assert.Equal("paused", await Docker.StateAsync(container));
            await Ok("unpause");
            await Ok("stop", "-t", "1");
            Assert.Equal("exited", await Docker.StateAsync(container));
            await Ok("start");
            await Ok("restart", "-t", "1", "box");
            Assert.Equal("running", await Docker.StateAsync(container));
            await Ok("kill", "box");
            Assert.Equal("exited", await Docker.StateAsync(container));
            await Ok("start", "box");

            // down by label: the containers and the project's network go, as docker compose's does.
            await Ok("down", "-t", "1");
            Assert.Empty(await Docker.ContainersAsync(project.Name));
            Assert.Equal("", await Docker.RunAsync("network", "ls", "-q", "--filter", $"label=com.docker.compose.project={project.Name}"));
        }
        finally { Directory.Delete(elsewhere, recursive: true); }
    }

    [Fact]
    public async Task Rm_and_events_work_by_label_too()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        await project.ComposerOkAsync("create");
        var elsewhere = Directory.CreateTempSubdirectory("composer-e2e-labels-").FullName;
        try
        {
            (await ComposerCli.RunAsync(elsewhere, "-p", project.Name, "rm", "-f", "box")).EnsureSuccess("rm by label");
            Assert.Empty(await Docker.ContainersAsync(project.Name));

            // events streams until stopped: it must get as far as listening, not fail for want of a file.
            using var events = System.Diagnostics.Process.Start(WithDirectory(ComposerCli.StartInfo("-p", project.Name, "events"), elsewhere))!;
            var exited = events.WaitForExit(TimeSpan.FromSeconds(3));
            if (!exited) events.Kill();
            Assert.False(exited, await events.StandardError.ReadToEndAsync());
        }
        finally { Directory.Delete(elsewhere, recursive: true); }
    }

    [Fact]
    public async Task Without_a_compose_file_or_a_name_the_error_says_no_configuration_file()
    {
        var empty = Directory.CreateTempSubdirectory("composer-e2e-empty-").FullName;
        try
        {
            var ps = await ComposerCli.RunAsync(empty, "ps");
            Assert.Equal(1, ps.ExitCode);
            Assert.Contains("no configuration file provided", ps.Stderr);
        }
        finally { Directory.Delete(empty, recursive: true); }
    }

    private static System.Diagnostics.ProcessStartInfo WithDirectory(System.Diagnostics.ProcessStartInfo info, string directory)
    {
        info.WorkingDirectory = directory;
        return info;
    }
}
