using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// Restarts the engine under a running agent. Every container on the host dies with it, so this
/// runs apart from all other tests (scripts/test runs the "Disruptive" category after the rest).
/// </summary>
[Trait("Category", "Disruptive")]
[Collection("Disruptive")] // never beside another test that restarts the engine
public sealed class EngineRestartTests
{
    [Fact]
    public async Task After_the_engine_restarts_always_containers_run_again_and_user_stopped_ones_stay_down()
    {
        await using var agent = await AgentProcess.StartAsync();
        await using var project = new TempProject($$"""
            services:
              always:
                image: busybox:latest
                command: {{Busybox.Idle}}
                restart: always
                deploy: {replicas: 2}
              unless-stopped:
                image: busybox:latest
                command: {{Busybox.Idle}}
                restart: unless-stopped
              on-failure:
                image: busybox:latest
                command: {{Busybox.Idle}}
                restart: on-failure
            """, "engine") { Environment = agent.Environment };
        await project.ComposerOkAsync("up", "-d");
        await Eventually.TrueAsync(async () => (await agent.ContainersAsync(project.Name)).Count == 4, TimeSpan.FromSeconds(30), () => agent.Log);
        // Straight before the restart: engine shutdown stops containers the way a user does (kill,
        // die, stop events), yet a user's stop however close before it must hold.
        await project.ComposerOkAsync("stop", "unless-stopped");

        await EngineControl.RestartAsync();

        string C(string service, int n = 1) => $"{project.Name}-{service}-{n}";
        await Eventually.TrueAsync(async () =>
                await Docker.StateAsync(C("always", 1)) == "running" && await Docker.StateAsync(C("always", 2)) == "running",
            TimeSpan.FromSeconds(90), () => agent.Log);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("exited", await Docker.StateAsync(C("unless-stopped")));
        // on-failure: the engine stopped it with SIGTERM and it exited 0 — not a failure.
        Assert.Equal("exited", await Docker.StateAsync(C("on-failure")));
        // Once per reconnection: a pooled connection answering during the shutdown is not "back".
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(agent.Log, "engine is back"));
    }
}
