using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Tests.State;

/// <summary>The model owns what a dependency is; the reconciler plans with the model's types and the graph's edges.</summary>
public sealed class OneOwnerTests
{
    [Fact]
    public void The_reconciler_declares_no_dependency_condition_of_its_own()
    {
        var own = typeof(DesiredDependency).Assembly.GetTypes().Where(t => t.Name.Contains("Condition", StringComparison.Ordinal) && t.IsEnum);
        Assert.Empty(own);
        Assert.Equal(typeof(DependencyCondition), typeof(DesiredDependency).GetProperty(nameof(DesiredDependency.Condition))!.PropertyType);
    }

    [Fact]
    public void Desired_dependencies_are_the_graphs_edges_with_their_conditions()
    {
        var project = ProjectLoader.LoadText("""
            services:
              db: {image: postgres}
              cache: {image: redis}
              logs: {image: busybox}
              web:
                image: app
                depends_on:
                  db: {condition: service_healthy}
                  optional: {condition: service_started, required: false}
                links: [cache]
                ipc: service:logs
            """, "/tmp/one-owner/compose.yaml", projectName: "one-owner");
        var web = DesiredStateBuilder.Build(project, []).Find("web")!;
        Assert.Equal(
            ["cache ServiceStarted hard", "db ServiceHealthy soft", "logs ServiceStarted hard", "optional ServiceStarted soft optional"],
            web.DependsOn.Select(d => $"{d.Service} {d.Condition} {(d.Hard ? "hard" : "soft")}{(d.Required ? "" : " optional")}"));
    }
}
