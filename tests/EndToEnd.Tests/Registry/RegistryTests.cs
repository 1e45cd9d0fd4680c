using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests.Registry;

/// <summary>push, build --push, pull and pull_policy against a real registry on 127.0.0.1.</summary>
[Collection("Registry")]
public sealed class RegistryTests(RegistryFixture registry)
{
    /// <summary>A project that builds <paramref name="image"/> (a busybox with /version) and pushes it; its other build tags too.</summary>
    private static TempProject Builder(string image, params string[] moreTags) => new($$"""
        services:
          app:
            build: { context: ./app, tags: [{{string.Join(", ", moreTags)}}] }
            image: {{image}}
        """, "regb");

    private static async Task PublishAsync(TempProject builder, string version)
    {
        builder.Write("app/Dockerfile", $"FROM busybox:latest\nRUN echo {version} > /version\n");
        await builder.ComposerOkAsync("build", "--push");
    }

    /// <summary>A project that only uses <paramref name="image"/>, under a pull policy.</summary>
    private static TempProject User(string image, string policy) => new($$"""
        services:
          app:
            image: {{image}}
            pull_policy: {{policy}}
            command: {{Busybox.Idle}}
        """, "regu");

    private static Task<string> ImageIdAsync(string image) => Docker.RunAsync("image", "inspect", "-f", "{{.Id}}", image);

    private static async Task<string> ContainerImageAsync(TempProject project) =>
        await Docker.RunAsync("inspect", "-f", "{{.Image}}", $"{project.Name}-app-1");

    [Fact]
    public async Task Build_push_leaves_the_image_and_its_build_tags_in_the_registry()
    {
        var repo = registry.NewRepository("built");
        await using var builder = Builder($"{repo}:v1", $"{repo}:extra");
        var started = DateTime.UtcNow;
        await PublishAsync(builder, "one");
        Console.WriteLine($"build --push: {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms");
        var tags = await registry.TagsAsync(repo);
        Assert.Contains("\"v1\"", tags);
        Assert.Contains("\"extra\"", tags);
    }

    [Fact]
    public async Task Up_with_pull_policy_missing_pulls_a_removed_image_and_quiet_pull_hides_the_progress()
    {
        var repo = registry.NewRepository("missing");
        await using var builder = Builder($"{repo}:v1");
        await PublishAsync(builder, "one");
        var pushed = await ImageIdAsync($"{repo}:v1");
        await Docker.RunAsync("rmi", $"{repo}:v1");

        await using var user = User($"{repo}:v1", "missing");
        var quiet = await user.ComposerOkAsync("up", "-d", "--quiet-pull");
        Assert.Equal(pushed, await ContainerImageAsync(user));
        Assert.DoesNotContain("Digest: sha256:", quiet.All);

        await user.ComposerOkAsync("down");
        await Docker.RunAsync("rmi", $"{repo}:v1");
        var started = DateTime.UtcNow;
        var loud = await user.ComposerOkAsync("up", "-d");
        Console.WriteLine($"up pulling a missing image: {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms");
        Assert.Contains("Digest: sha256:", loud.All);
        // Present now: a second up pulls nothing.
        Assert.DoesNotContain("Digest: sha256:", (await user.ComposerOkAsync("up", "-d")).All);
    }

    [Fact]
    public async Task Up_with_pull_policy_always_runs_the_version_pushed_meanwhile()
    {
        var repo = registry.NewRepository("always");
        await using var builder = Builder($"{repo}:v1");
        await PublishAsync(builder, "one");
        var first = await ImageIdAsync($"{repo}:v1");

        await using var user = User($"{repo}:v1", "always");
        await user.ComposerOkAsync("up", "-d");
        Assert.Equal(first, await ContainerImageAsync(user));

        await PublishAsync(builder, "two");
        var second = await ImageIdAsync($"{repo}:v1");
        Assert.NotEqual(first, second);
        // The engine's tag goes back to the old image: only a pull can bring the new one.
        await Docker.RunAsync("tag", first, $"{repo}:v1");
        await user.ComposerOkAsync("up", "-d");
        Assert.Equal(second, await ContainerImageAsync(user));
        Assert.Equal("two", (await Docker.ExecAsync($"{user.Name}-app-1", "cat", "/version")).Trim());
    }

    [Fact]
    public async Task A_refresh_window_pulls_only_once_the_local_image_is_older_than_it()
    {
        var repo = registry.NewRepository("window");
        await using var builder = Builder($"{repo}:v1");
        await PublishAsync(builder, "one");
        var first = await ImageIdAsync($"{repo}:v1");
        await PublishAsync(builder, "two");
        var second = await ImageIdAsync($"{repo}:v1");
        // Tagged locally just now: the window counts from this tag.
        await Docker.RunAsync("tag", first, $"{repo}:v1");

        await using var user = User($"{repo}:v1", "every_4s");
        await user.ComposerOkAsync("up", "-d");
        Assert.Equal(first, await ContainerImageAsync(user));
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        await user.ComposerOkAsync("up", "-d");
        Assert.Equal(second, await ContainerImageAsync(user));
    }

    [Fact]
    public async Task Pull_policy_never_refuses_a_missing_image_and_the_verbs_pull_flag_overrides_the_policy()
    {
        var repo = registry.NewRepository("never");
        await using var builder = Builder($"{repo}:v1");
        await PublishAsync(builder, "one");
        await Docker.RunAsync("rmi", $"{repo}:v1");

        await using var user = User($"{repo}:v1", "never");
        var refused = await user.ComposerAsync("up", "-d");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"service app: image {repo}:v1 is not on the engine and its pull policy is never", refused.Stderr);
        Assert.DoesNotContain("   at ", refused.All);
        Assert.NotEqual(0, (await user.ComposerAsync("create")).ExitCode);

        // --pull replaces the service's policy, as in docker compose.
        var run = await user.ComposerOkAsync("run", "--rm", "--pull", "always", "app", "cat", "/version");
        Assert.Equal("one", run.Stdout.Trim());
        await Docker.RunAsync("rmi", $"{repo}:v1");
        await user.ComposerOkAsync("create", "--pull", "missing");
        await Docker.RunAsync("rmi", "-f", $"{repo}:v1");
        var flagged = await user.ComposerAsync("up", "-d", "--pull", "never");
        Assert.Contains("pull policy is never", flagged.Stderr);
        var bad = await user.ComposerAsync("up", "--pull", "sometimes");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("invalid --pull value 'sometimes': use always, missing, never, build", bad.Stderr);
    }

    [Fact]
    public async Task Pull_takes_dependencies_and_policies_as_asked()
    {
        var repo = registry.NewRepository("pullverb");
        await using var builder = Builder($"{repo}:web", $"{repo}:dep");
        await PublishAsync(builder, "one");
        await Docker.RunAsync("rmi", $"{repo}:web", $"{repo}:dep");
        await using var user = new TempProject($$"""
            services:
              web:
                image: {{repo}}:web
                depends_on: [dep]
              dep:
                image: {{repo}}:dep
            """, "regp");

        await user.ComposerOkAsync("pull", "web");
        Assert.Equal(0, (await Docker.TryAsync("image", "inspect", $"{repo}:web")).ExitCode);
        Assert.NotEqual(0, (await Docker.TryAsync("image", "inspect", $"{repo}:dep")).ExitCode);
        await user.ComposerOkAsync("pull", "--include-deps", "web");
        Assert.Equal(0, (await Docker.TryAsync("image", "inspect", $"{repo}:dep")).ExitCode);

        Assert.Contains($"Image {repo}:web  Skipped - Image is already present locally", (await user.ComposerOkAsync("pull", "--policy", "missing", "web")).Stderr);
        Assert.Contains("Image can be built", (await builder.ComposerOkAsync("pull", "--ignore-buildable")).Stderr);
    }

    [Fact]
    public async Task Push_to_a_registry_that_does_not_answer_fails_naming_the_image_unless_failures_are_ignored()
    {
        var image = $"127.0.0.1:{RegistryFixture.FreePort()}/ns/nobody:v1";
        await using var project = new TempProject($$"""
            services:
              app:
                build: ./app
                image: {{image}}
              db:
                image: busybox:latest
            """, "regf");
        project.Write("app/Dockerfile", "FROM busybox:latest\nRUN echo one > /version\n");
        await project.ComposerOkAsync("build");

        var failed = await project.ComposerAsync("push");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains($"push {image} failed:", failed.Stderr);
        Assert.Contains("connection refused", failed.Stderr);
        Assert.DoesNotContain("   at ", failed.All);

        var ignored = await project.ComposerAsync("push", "--ignore-push-failures");
        Assert.Equal(0, ignored.ExitCode);
        Assert.Contains($"WARN push {image} failed:", ignored.Stderr);
        // An image that is only used, never built here, is not pushed (docker compose's rule).
        Assert.Contains(" db  Skipped", ignored.Stderr);
    }

    [Fact]
    public async Task Pull_from_a_registry_that_does_not_answer_fails_naming_the_image_unless_failures_are_ignored()
    {
        var dead = $"127.0.0.1:{RegistryFixture.FreePort()}/ns";
        await using var project = new TempProject($$"""
            services:
              app:
                image: {{dead}}/app:v1
              built:
                build: ./app
                image: {{dead}}/built:v1
            """, "regq");
        project.Write("app/Dockerfile", "FROM busybox:latest\n");

        var failed = await project.ComposerAsync("pull", "app");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"pull {dead}/app:v1 failed:", failed.Stderr);
        Assert.DoesNotContain("   at ", failed.All);

        // A buildable image that cannot be pulled says how to get it, and still fails the pull.
        var buildable = await project.ComposerAsync("pull", "built");
        Assert.Equal(1, buildable.ExitCode);
        Assert.Contains("must be built from source by running:\n    composer build built", buildable.Stderr);

        var ignored = await project.ComposerAsync("pull", "--ignore-pull-failures");
        Assert.Equal(0, ignored.ExitCode);
        Assert.Contains($"WARN pull {dead}/app:v1 failed:", ignored.Stderr);
    }

    [Fact]
    public async Task Push_sends_each_built_image_once_and_quiet_shows_no_layer_progress()
    {
        var repo = registry.NewRepository("push");
        await using var builder = Builder($"{repo}:v1");
        builder.Write("app/Dockerfile", "FROM busybox:latest\nRUN echo one > /version\n");
        await builder.ComposerOkAsync("build");
        var quiet = await builder.ComposerOkAsync("push", "-q");
        Assert.Contains("\"v1\"", await registry.TagsAsync(repo));
        Assert.DoesNotContain("Pushed\n", quiet.Stderr.Replace($"Image {repo}:v1  Pushed\n", ""));
        var started = DateTime.UtcNow;
        var loud = await builder.ComposerOkAsync("push");
        Console.WriteLine($"push of an image already there: {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms");
        Assert.Contains("Layer already exists", loud.Stderr);
    }
}
