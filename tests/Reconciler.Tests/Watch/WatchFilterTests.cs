using Composer.Engine.Build;
using Composer.Model;
using Composer.Reconciler.Watch;

namespace Composer.Reconciler.Tests.Watch;

public class WatchFilterTests
{
    private static WatchRule Rule(string path = "/p/app", string[]? ignore = null, string[]? include = null) => new()
    {
        Path = path, Action = WatchAction.Sync, Target = "/app", Ignore = [.. ignore ?? []], Include = [.. include ?? []],
    };

    [Theory]
    [InlineData("/p/app/views.py", true)]
    [InlineData("/p/app/sub/dir/models.py", true)]
    [InlineData("/p/app", true)]
    [InlineData("/p/other/views.py", false)]
    [InlineData("/p/application/x.py", false)]
    [InlineData("/p/app/.views.py.swp", false)]
    [InlineData("/p/app/4913", false)]
    [InlineData("/p/app/views.py~", false)]
    [InlineData("/p/app/.#views.py", false)]
    [InlineData("/p/app/.git/index", false)]
    [InlineData("/p/app/sub/.git/HEAD", false)]
    public void Paths_under_the_rule_count_but_editor_scratch_and_git_do_not(string path, bool accepted) =>
        Assert.Equal(accepted, new WatchFilter(Rule(), null, null).Accepts(path));

    [Theory]
    [InlineData("/p/app/cache/x", false)]
    [InlineData("/p/app/cache", false)]
    [InlineData("/p/app/sub/cache/x", true)]
    [InlineData("/p/app/a.pyc", false)]
    [InlineData("/p/app/deep/b.pyc", false)]
    [InlineData("/p/app/keep.pyc", true)]
    [InlineData("/p/app/a.py", true)]
    public void Ignore_patterns_are_relative_to_the_rule_path_with_dockerignore_syntax(string path, bool accepted) =>
        Assert.Equal(accepted, new WatchFilter(Rule(ignore: ["cache/", "**/*.pyc", "!keep.pyc"]), null, null).Accepts(path));

    [Theory]
    [InlineData("/p/app/a.py", true)]
    [InlineData("/p/app/templates/index.html", true)]
    [InlineData("/p/app/readme.md", false)]
    [InlineData("/p/app/sub/b.py", false)]
    public void With_include_only_matching_paths_count(string path, bool accepted) =>
        Assert.Equal(accepted, new WatchFilter(Rule(include: ["*.py", "templates"]), null, null).Accepts(path));

    [Theory]
    [InlineData("/p/app/node_modules/x.js", false)]
    [InlineData("/p/app/secret.env", false)]
    [InlineData("/p/app/main.js", true)]
    public void The_build_contexts_dockerignore_applies_relative_to_the_context(string path, bool accepted) =>
        Assert.Equal(accepted, new WatchFilter(Rule(), "/p", new DockerIgnore(["app/node_modules", "**/*.env"])).Accepts(path));

    [Fact]
    public void A_rule_on_one_file_judges_it_by_its_name()
    {
        var filter = new WatchFilter(Rule("/p/requirements.txt", ignore: ["*.bak"]), null, null);
        Assert.True(filter.Accepts("/p/requirements.txt"));
        Assert.False(filter.Accepts("/p/requirements.txt.bak"));
        Assert.False(filter.Accepts("/p/other.txt"));
    }

    [Fact]
    public void Container_paths_follow_the_target()
    {
        var trigger = new WatchTrigger("web", Rule(), new WatchFilter(Rule(), null, null));
        Assert.Equal("/app/sub/x.py", trigger.ContainerPath("/p/app/sub/x.py"));
        Assert.Equal("/app", trigger.ContainerPath("/p/app"));
    }
}

public sealed class WatchFilterIgnoreFileTests : IDisposable
{
    private readonly string _context = Directory.CreateTempSubdirectory("composer-ignorefile-").FullName;

    public void Dispose() => Directory.Delete(_context, recursive: true);

    private WatchFilter Filter(string dockerfile = "Dockerfile")
    {
        var service = new ServiceConfig { Name = "web", Build = new BuildConfig { Context = _context, Dockerfile = dockerfile } };
        return WatchFilter.For(new WatchRule { Path = _context, Action = WatchAction.Sync, Target = "/app" }, service);
    }

    [Fact]
    public void The_contexts_dockerignore_is_read()
    {
        File.WriteAllText(Path.Combine(_context, ".dockerignore"), "*.log\n");
        Assert.False(Filter().Accepts(Path.Combine(_context, "debug.log")));
        Assert.True(Filter().Accepts(Path.Combine(_context, "main.py")));
    }

    [Fact]
    public void A_dockerfile_specific_ignore_file_wins_over_the_contexts_as_docker_compose_reads_them()
    {
        File.WriteAllText(Path.Combine(_context, ".dockerignore"), "*.log\n");
        File.WriteAllText(Path.Combine(_context, "dev.Dockerfile.dockerignore"), "*.tmp\n");
        var filter = Filter("dev.Dockerfile");
        Assert.True(filter.Accepts(Path.Combine(_context, "debug.log")));
        Assert.False(filter.Accepts(Path.Combine(_context, "scratch.tmp")));
    }
}
