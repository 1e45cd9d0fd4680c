using Composer.Engine.Build;

namespace Composer.Engine.Tests.Unit;

public sealed class DockerIgnoreTests
{
    private static bool Excluded(string patterns, string path) => new DockerIgnore(patterns.Split('\n')).IsExcluded(path);

    [Theory]
    [InlineData("*.log", "debug.log", true)]
    [InlineData("*.log", "logs/debug.log", false)]
    [InlineData("**/*.log", "logs/deep/debug.log", true)]
    [InlineData("**/*.log", "debug.log", true)]
    [InlineData("/secret.txt", "secret.txt", true)]
    [InlineData("node_modules", "node_modules/pkg/index.js", true)]
    [InlineData("docs/**", "docs/a/b.md", true)]
    [InlineData("docs/**", "docs2/a.md", false)]
    [InlineData("file?.txt", "file1.txt", true)]
    [InlineData("file?.txt", "file10.txt", false)]
    [InlineData("[ab].txt", "a.txt", true)]
    [InlineData("[ab].txt", "c.txt", false)]
    [InlineData("# a comment\n\n", "# a comment", false)]
    [InlineData("./build/../out", "out/x", true)]
    public void Matches_like_docker(string patterns, string path, bool excluded) =>
        Assert.Equal(excluded, Excluded(patterns, path));

    [Theory]
    [InlineData("*.md\n!README.md", "README.md", false)]
    [InlineData("*.md\n!README.md", "CHANGES.md", true)]
    [InlineData("!README.md\n*.md", "README.md", true)]
    [InlineData("secrets\n!secrets/public.pem", "secrets/public.pem", false)]
    [InlineData("secrets\n!secrets/public.pem", "secrets/private.pem", true)]
    public void Last_matching_line_wins_and_exceptions_reinclude(string patterns, string path, bool excluded) =>
        Assert.Equal(excluded, Excluded(patterns, path));
}
