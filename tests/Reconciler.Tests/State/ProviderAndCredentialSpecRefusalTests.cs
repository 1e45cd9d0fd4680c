using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Tests.State;

/// <summary>provider services and credential_spec are kept by the loader and refused by the verbs that create containers, at their position.</summary>
public sealed class ProviderAndCredentialSpecRefusalTests
{
    private static readonly Project Project = ProjectLoader.LoadText("""
        services:
          database:
            provider:
              type: awesomecloud
          legacy:
            image: busybox
            credential_spec:
              registry: spec
          plain:
            image: busybox
            pull_policy: refresh
            pull_refresh_after: 36h
        """, "/tmp/unrunnable/compose.yaml", projectName: "unrunnable");

    [Fact]
    public void A_provider_service_is_refused_naming_its_plugin_and_position()
    {
        var error = Assert.Throws<UnrunnableException>(() => Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, ["database"])));
        Assert.StartsWith("/tmp/unrunnable/compose.yaml:3:5: service 'database' is managed by provider 'awesomecloud'", error.Message);
    }

    [Fact]
    public void Credential_spec_is_refused_at_its_position()
    {
        var error = Assert.Throws<UnrunnableException>(() => Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, ["legacy"])));
        Assert.StartsWith("/tmp/unrunnable/compose.yaml:7:5: service 'legacy': credential_spec sets Windows gMSA credentials", error.Message);
    }

    [Fact]
    public void Other_services_still_run_and_pull_refresh_after_sets_the_refresh_window()
    {
        var desired = DesiredStateBuilder.Build(Project, ["plain"]);
        Unrunnable.Refuse(Project, desired);
        Assert.Equal(new PullPolicy(PullMode.Refresh, TimeSpan.FromHours(36)), desired.Find("plain")!.PullPolicy);
    }
}
