using System.Text.Json;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>`build` flags as docker compose has them, on the builder composer picks (BuildKit; `-m` keeps the classic builder).</summary>
public sealed class BuildFlagTests
{
    /// <summary>`app` records its build args (and its build container's memory limit); it depends on `base`, also built.</summary>
    private static TempProject ArgsProject(IReadOnlyDictionary<string, string>? environment = null)
    {
        var project = new TempProject("""
            services:
              app:
                build:
                  context: ./app
                  args: { GREETING: from-compose }
                depends_on: [base]
                command: ["cat", "/args"]
              base:
                build: ./base
            """) { Environment = environment };
        project.Write("app/Dockerfile", """
            FROM busybox:latest
            ARG GREETING=from-dockerfile
            ARG FROM_ENV=unset
            RUN echo "$GREETING $FROM_ENV" > /args && (cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes) > /memory
            """);
        project.Write("base/Dockerfile", "FROM busybox:latest\nRUN echo base > /base\n");
        return project;
    }

    private static async Task<string> InImageAsync(string image, string file) => await Docker.RunAsync("run", "--rm", "--network", "none", image, "cat", file);

    private static async Task<bool> ImageExistsAsync(string image) => (await Docker.TryAsync("image", "inspect", image)).ExitCode == 0;

    [Fact]
    public async Task Dockerfile_inline_is_the_dockerfile_the_engine_builds()
    {
        // Unique per run: the engine's build cache outlives test runs.
        var mark = Guid.NewGuid().ToString("N");
        await using var project = new TempProject($$"""
            services:
              inline:
                build:
                  context: .
                  dockerfile_inline: |
                    FROM busybox:latest
                    RUN echo {{mark}} > /mark
            """);
        await project.ComposerOkAsync("build");
        Assert.Equal(mark, (await InImageAsync($"{project.Name}-inline", "/mark")).Trim());
    }

    [Fact]
    public async Task Build_arg_overrides_compose_args_and_a_bare_key_comes_from_the_environment()
    {
        await using var project = ArgsProject(new Dictionary<string, string> { ["FROM_ENV"] = "from-environment" });
        var image = $"{project.Name}-app";
        try
        {
            await project.ComposerOkAsync("build", "app");
            Assert.Equal("from-compose unset", await InImageAsync(image, "/args"));

            await project.ComposerOkAsync("build", "--build-arg", "GREETING=from-cli", "--build-arg", "FROM_ENV", "--build-arg", "NOT_SET_ANYWHERE", "app");
            Assert.Equal("from-cli from-environment", await InImageAsync(image, "/args"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", image, $"{project.Name}-base");
        }
    }

    [Fact]
    public async Task With_dependencies_also_builds_what_the_services_depend_on()
    {
        await using var project = ArgsProject();
        try
        {
            await project.ComposerOkAsync("build", "app");
            Assert.True(await ImageExistsAsync($"{project.Name}-app"));
            Assert.False(await ImageExistsAsync($"{project.Name}-base"));

            await project.ComposerOkAsync("build", "--with-dependencies", "app");
            Assert.Equal("base", await InImageAsync($"{project.Name}-base", "/base"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", $"{project.Name}-app", $"{project.Name}-base");
        }
    }

    [Fact]
    public async Task Memory_limits_the_build_container()
    {
        await using var project = ArgsProject();
        try
        {
            await project.ComposerOkAsync("build", "--no-cache", "-m", "64m", "app");
            Assert.Equal((64 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), await InImageAsync($"{project.Name}-app", "/memory"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", $"{project.Name}-app");
        }
    }

    [Fact]
    public async Task Print_shows_the_bake_definition_and_builds_nothing()
    {
        await using var project = ArgsProject();
        var printed = await project.ComposerOkAsync("build", "--print", "--builder", "default", "--build-arg", "GREETING=printed", "--with-dependencies", "app");
        var bake = JsonDocument.Parse(printed.Stdout).RootElement;
        Assert.Equal(["app", "base"], bake.GetProperty("group").GetProperty("default").GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var app = bake.GetProperty("target").GetProperty("app");
        Assert.Equal(Path.Combine(project.Directory, "app"), app.GetProperty("context").GetString());
        Assert.Equal("Dockerfile", app.GetProperty("dockerfile").GetString());
        Assert.Equal("printed", app.GetProperty("args").GetProperty("GREETING").GetString());
        Assert.Equal([$"{project.Name}-app"], app.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.False(await ImageExistsAsync($"{project.Name}-app"));
    }

    [Theory]
    [InlineData("--check", "--check needs BuildKit")]
    [InlineData("--builder=mybuilder", "--builder \"mybuilder\": only the engine's default builder")]
    [InlineData("--provenance=mode=max", "--provenance needs BuildKit")]
    [InlineData("--sbom=true", "--sbom needs BuildKit")]
    [InlineData("--memory=lots", "invalid argument \"lots\" for \"-m, --memory\"")]
    [InlineData("--build-arg==x", "invalid --build-arg \"=x\"")]
    public async Task Refuses_what_the_classic_builder_cannot_do_naming_the_flag(string flag, string message)
    {
        await using var project = ArgsProject();
        var refused = await project.ComposerAsync("build", flag, "app");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(message, refused.Stderr);
        Assert.DoesNotContain("   at ", refused.Stderr);
        Assert.False(await ImageExistsAsync($"{project.Name}-app"));
    }
}
