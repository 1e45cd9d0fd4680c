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
    [InlineData("if_not_present")]
    public void Accepts_the_policies_compose_go_knows(string policy) =>
        Assert.Equal(policy, Load($"services:\n  web:\n    image: nginx\n    pull_policy: {policy}\n").Services["web"].PullPolicy);

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
