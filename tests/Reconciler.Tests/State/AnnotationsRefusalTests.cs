using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Tests.State;

/// <summary>Annotations cannot travel at engine API 1.41: running a service that has them is refused, with the reason.</summary>
public sealed class AnnotationsRefusalTests
{
    private static readonly Project Project = ProjectLoader.LoadText("""
        services:
          tagged:
            image: busybox
            annotations:
              com.example.owner: team-a
          plain:
            image: busybox
        """, "/tmp/annotations-refusal/compose.yaml", projectName: "annotations");

    [Fact]
    public void A_service_with_annotations_is_refused_naming_the_api_it_needs()
    {
        var error = Assert.Throws<UnrunnableException>(() => Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, [])));
        Assert.Contains("service 'tagged': `annotations` need engine API 1.43", error.Message);
    }

    [Fact]
    public void Services_without_annotations_still_run()
    {
        Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, ["plain"]));
    }
}
