using Composer.Model;

namespace Composer.Model.Tests;

public sealed class PullPolicyLoadTests
{
    private static Project Load(string yaml) =>
        ProjectLoader.LoadText(yaml, "/virtual/proj/compose.yaml", null, "proj");

    [Theory]
    [InlineData("every_12h")]
    [InlineData("every_1h30m")]
    [InlineData("every_2w3d")]
    [InlineData("daily")]
    public void Accepts_the_policies_compose_go_knows(string policy) =>
        Assert.Equal(policy, Load($"services:\n  web:\n    image: nginx\n    pull_policy: {policy}\n").Services["web"].PullPolicy);

    [Fact]
    public void If_not_present_is_normalized_to_missing_and_kept_without_normalization()
    {
        var directory = Directory.CreateTempSubdirectory("composer-pull-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "compose.yaml"), "services:\n  web:\n    image: nginx\n    pull_policy: if_not_present\n");
            var options = new ProjectOptions { WorkingDirectory = directory, ProjectName = "proj" };
            Assert.Equal("missing", ProjectLoader.Load(options).Services["web"].PullPolicy);
            Assert.Equal("if_not_present", ProjectLoader.Load(options with { Normalize = false }).Services["web"].PullPolicy);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Theory]
    [InlineData("every_1hx")]
    [InlineData("every_0s")]
    [InlineData("every_1h.5")]
    public void Refuses_an_unreadable_policy_at_its_line_and_column(string policy)
    {
        var error = Assert.Throws<ComposeModelException>(() => Load($"services:\n  web:\n    image: nginx\n    pull_policy: {policy}\n"));
        Assert.Equal($"/virtual/proj/compose.yaml:4:18: services.web.pull_policy: invalid pull policy '{policy}': use always, never, missing, build, daily, weekly or every_<duration>",
            error.Diagnostics.Single().ToString());
    }
}
