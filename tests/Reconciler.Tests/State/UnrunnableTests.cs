using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Tests.State;

/// <summary>The rules of <see cref="Unrunnable"/> run together: a project with several problems hears of all of them in one refusal.</summary>
public sealed class UnrunnableTests
{
    private static readonly Project Project = ProjectLoader.LoadText("""
        services:
          zeta:
            image: busybox
            annotations: {owner: a}
          alpha:
            image: busybox
            volumes:
              - type: image
                source: busybox
                target: /img
            credential_spec:
              registry: spec
          fine:
            image: busybox
        """, "/tmp/unrunnable-all/compose.yaml", projectName: "unrunnable-all");

    [Fact]
    public void Every_problem_of_every_service_is_listed_once_rule_by_rule()
    {
        var error = Assert.Throws<UnrunnableException>(() => Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, [])));
        var lines = error.Message.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("service 'zeta': `annotations` need engine API 1.43", lines[0]);
        Assert.StartsWith("/tmp/unrunnable-all/compose.yaml:11:5: service 'alpha': credential_spec", lines[1]);
        Assert.StartsWith("/tmp/unrunnable-all/compose.yaml:8:9: service 'alpha': volume /img: an image mount needs engine API 1.47", lines[2]);
    }

    [Fact]
    public void A_project_without_problems_passes()
    {
        Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, ["fine"], withDependencies: false));
    }
}
