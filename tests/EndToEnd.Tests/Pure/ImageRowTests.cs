using Composer.Engine;
using Composer.Orchestrator.Commands;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>How `images` splits the reference a container was created with into repository and tag.</summary>
public sealed class ImageRowTests
{
    [Theory]
    [InlineData("busybox:1.36", "busybox", "1.36")]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("registry:5000/team/app", "registry:5000/team/app", "latest")]
    [InlineData("registry:5000/team/app:v2", "registry:5000/team/app", "v2")]
    [InlineData("app@sha256:0123", "app", "")]
    [InlineData("sha256:0123456789ab", "", "")]
    public void Repository_and_tag_follow_dockers_reference_rules(string reference, string repository, string tag)
    {
        var row = new ImageRow("c-1", reference, new ImageInspect { Id = "sha256:0123456789abcdef" }, DateTimeOffset.UnixEpoch);
        Assert.Equal((repository, tag), (row.Repository, row.Tag));
    }
}
