using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests.Registry;

/// <summary>The quiet and dependency flags of pull, push, create, run and build against the real registry.</summary>
[Collection("Registry")]
public sealed class RegistryFlagTests(RegistryFixture registry)
{
    private static async Task PushAsync(string image, string version)
    {
        await using var builder = new TempProject($$"""
            services:
              app:
                build: ./app
                image: {{image}}
            """, "regf");
        builder.Write("app/Dockerfile", $"FROM busybox:latest\nRUN echo {version} > /version\n");
        await builder.ComposerOkAsync("build", "--push");
    }

    [Fact]
    public async Task Quiet_pull_hides_the_progress_of_pull_create_and_run()
    {
        var image = registry.NewRepository("quiet") + ":v1";
        await PushAsync(image, "one");
        await using var user = new TempProject($$"""
            services:
              app:
                image: {{image}}
                command: ["cat", "/version"]
            """, "regq");

        async Task<string> Removed() { await Docker.TryAsync("rmi", "-f", image); return image; }
        await Removed();
        var pull = await user.ComposerOkAsync("pull", "-q");
        Assert.DoesNotContain("Digest: sha256:", pull.Stdout + pull.Stderr);
        Assert.Equal(0, (await Docker.TryAsync("image", "inspect", image)).ExitCode);

        await Removed();
        var create = await user.ComposerOkAsync("create", "--quiet-pull");
        Assert.DoesNotContain("Digest: sha256:", create.Stdout + create.Stderr);
        await user.ComposerOkAsync("down");

        await Removed();
        var run = await user.ComposerOkAsync("run", "--rm", "--quiet-pull", "app");
        Assert.Equal("one", run.Stdout.Trim());
        Assert.DoesNotContain("Digest: sha256:", run.Stderr);

        await Removed();
        Assert.Contains("Digest: sha256:", (await user.ComposerOkAsync("pull")).Stderr);
    }

    [Fact]
    public async Task Push_include_deps_also_pushes_what_the_services_depend_on()
    {
        var web = registry.NewRepository("web") + ":v1";
        var dep = registry.NewRepository("dep") + ":v1";
        await using var project = new TempProject($$"""
            services:
              web:
                build: ./app
                image: {{web}}
                depends_on: [dep]
              dep:
                build: ./app
                image: {{dep}}
            """, "regd");
        project.Write("app/Dockerfile", "FROM busybox:latest\nRUN echo one > /version\n");
        await project.ComposerOkAsync("build");
        await project.ComposerOkAsync("push", "web");
        Assert.Contains("\"v1\"", await registry.TagsAsync(web[..web.LastIndexOf(':')]));
        Assert.DoesNotContain("\"v1\"", await registry.TagsAsync(dep[..dep.LastIndexOf(':')]));
        await project.ComposerOkAsync("push", "--include-deps", "web");
        Assert.Contains("\"v1\"", await registry.TagsAsync(dep[..dep.LastIndexOf(':')]));
    }

    [Fact]
    public async Task Build_pull_builds_on_the_newest_base_in_the_registry()
    {
        var base_ = registry.NewRepository("base") + ":latest";
        await PushAsync(base_, "old");
        await using var project = new TempProject("""
            services:
              child:
                build: ./child
                command: ["cat", "/version"]
            """, "regc");
        project.Write("child/Dockerfile", $"FROM {base_}\n");
        await project.ComposerOkAsync("build");
        Assert.Equal("old", (await project.ComposerOkAsync("run", "--rm", "child")).Stdout.Trim());

        await PushAsync(base_, "new");
        await Docker.RunAsync("tag", "busybox:latest", base_);   // the local base is stale again
        await project.ComposerOkAsync("build", "--pull");
        Assert.Equal("new", (await project.ComposerOkAsync("run", "--rm", "child")).Stdout.Trim());
    }

    [Fact]
    public async Task Config_pins_images_to_the_digests_their_registry_serves()
    {
        var image = registry.NewRepository("pinned") + ":v1";
        await PushAsync(image, "one");
        await Docker.RunAsync("pull", image);   // the builder's cleanup removed it here; the engine's pull records its digest
        var repoDigest = await Docker.RunAsync("image", "inspect", "-f", "{{index .RepoDigests 0}}", image);
        var digest = repoDigest[repoDigest.IndexOf('@')..];
        await using var project = new TempProject($$"""
            services:
              app:
                image: {{image}}
            """, "regz");

        var resolved = (await project.ComposerOkAsync("config", "--resolve-image-digests")).Stdout;
        Assert.Contains($"image: {image}{digest}", resolved);
        var locked = (await project.ComposerOkAsync("config", "--lock-image-digests")).Stdout;
        Assert.Equal($"services:\n  app:\n    image: {image}{digest}\n", locked);

        await using var unknown = new TempProject($$"""
            services:
              app:
                image: {{registry.NewRepository("never-pushed")}}:v1
            """, "regz");
        var failed = await unknown.ComposerAsync("config", "--resolve-image-digests");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.DoesNotContain("   at ", failed.Stderr);
    }
}
