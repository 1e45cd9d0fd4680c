using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Tests.State;

/// <summary>Services with `models` need Docker Model Runner: running them is refused before anything is created; building or pulling is not.</summary>
public sealed class ModelsRefusalTests
{
    private static readonly Project Project = ProjectLoader.LoadText("""
        services:
          chat:
            image: example/chat
            models: [llm]
            depends_on: [db]
          db:
            image: postgres:16
          tool:
            image: example/tool
            depends_on: [chat]
        models:
          llm:
            model: ai/smollm2
        """, "/tmp/models-refusal/compose.yaml", projectName: "models");

    [Fact]
    public void A_service_using_models_is_refused_with_the_reason()
    {
        var error = Assert.Throws<UnrunnableException>(() => Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, [])));
        Assert.Contains("service 'chat' uses models (llm)", error.Message);
        Assert.Contains("Docker Model Runner", error.Message);
    }

    [Fact]
    public void A_dependent_brings_the_model_user_in_and_is_refused_too()
    {
        Assert.Throws<UnrunnableException>(() => Unrunnable.Refuse(Project, DesiredStateBuilder.Build(Project, ["tool"])));
    }

    [Fact]
    public void Services_without_models_still_run()
    {
        var desired = DesiredStateBuilder.Build(Project, ["db"]);
        Unrunnable.Refuse(Project, desired);
        Assert.Equal(["db"], desired.Services.Select(s => s.Name).ToArray());
        Assert.Equal(["tool"], DesiredStateBuilder.Build(Project, ["tool"], withDependencies: false).Services.Select(s => s.Name).ToArray());
    }

    [Fact]
    public void The_desired_state_of_a_model_user_can_still_be_built_for_build_pull_and_push()
    {
        var desired = DesiredStateBuilder.Build(Project, ["chat"]);
        Assert.Equal(["db", "chat"], desired.Services.Select(s => s.Name).ToArray());
    }
}
