using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// With no agent running, `agent add`, `agent rm` and `down` edit the agent's state file
/// themselves. Several at once (a script bringing projects down in parallel) must neither fail
/// on each other's write nor lose each other's change.
/// </summary>
public sealed class AgentRegistryTests
{
    [Fact]
    public async Task Eight_concurrent_adds_then_removes_without_an_agent_all_land()
    {
        var state = Directory.CreateTempSubdirectory("composer-state-").FullName;
        var environment = new Dictionary<string, string> { ["COMPOSER_STATE_DIR"] = state };
        var projects = Enumerable.Range(0, 8)
            .Select(_ => new TempProject("services: { app: { image: busybox:latest } }") { Environment = environment }).ToList();
        try
        {
            foreach (var added in await Task.WhenAll(projects.Select(p => p.ComposerAsync("agent", "add", "."))))
                added.EnsureSuccess("agent add");
            var registered = File.ReadAllText(Path.Combine(state, "state.json"));
            foreach (var project in projects) Assert.Contains($"\"{project.Name}\"", registered);

            foreach (var removed in await Task.WhenAll(projects.Select(p => p.ComposerAsync("agent", "rm", p.Name))))
                removed.EnsureSuccess("agent rm");
            registered = File.ReadAllText(Path.Combine(state, "state.json"));
            foreach (var project in projects) Assert.DoesNotContain($"\"{project.Name}\"", registered);
        }
        finally
        {
            foreach (var project in projects) await project.DisposeAsync();
            Directory.Delete(state, recursive: true);
        }
    }
}
