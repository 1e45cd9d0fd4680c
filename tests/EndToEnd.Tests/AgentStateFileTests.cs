using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// The state file is the agent's memory, not the truth: whatever it holds, CLIs work, the agent
/// starts, and what the engine runs is registered again from its labels.
/// </summary>
public sealed class AgentStateFileTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static UnixFileMode ModeOf(string path) => OperatingSystem.IsWindows() ? OwnerOnly : File.GetUnixFileMode(path);

    private const string AlwaysBox = $$"""
        services:
          box:
            image: busybox:latest
            command: {{Busybox.Idle}}
            restart: always
        """;

    [Fact]
    public async Task Down_and_agent_add_work_whatever_the_state_file_holds()
    {
        await using var agent = AgentProcess.NotStarted();
        await using var project = new TempProject(AlwaysBox, "state") { Environment = agent.Environment };
        await project.ComposerOkAsync("up", "-d");
        await File.WriteAllTextAsync(agent.StateFile, "{\"projects\": [ this is not json");

        var add = await project.ComposerOkAsync("agent", "add", project.Directory);
        Assert.Contains("moved to", add.Stderr);
        Assert.Contains("registered", add.Stdout);
        Assert.Single(Directory.GetFiles(agent.StateDirectory, "state.json.unreadable-*"));

        await File.WriteAllTextAsync(agent.StateFile, "[1, 2, 3]");
        var down = await project.ComposerOkAsync("down");
        Assert.Contains("moved to", down.Stderr);
        Assert.Empty(await Docker.ContainersAsync(project.Name));
        Assert.Equal(OwnerOnly, ModeOf(agent.StateFile));
    }

    [Fact]
    public async Task An_odd_state_file_is_moved_aside_and_the_agent_registers_again_what_was_registered()
    {
        await using var agent = AgentProcess.NotStarted();
        await using var project = new TempProject(AlwaysBox, "state") { Environment = agent.Environment };
        await using var bystander = new TempProject(AlwaysBox, "state") { Environment = agent.Environment };
        await project.ComposerOkAsync("up", "-d");
        await project.ComposerOkAsync("agent", "add", project.Directory); // no agent yet: written to its files
        await bystander.ComposerOkAsync("up", "-d"); // never registered: not the agent's to take
        // An entry with a null name: once a NullReferenceException and exit code 0. And the project's
        // own registration file unreadable too: it comes back from its containers' labels.
        await File.WriteAllTextAsync(agent.StateFile,
            """{"projects": [{"name": null, "workingDirectory": "/nowhere", "configFiles": [], "envFiles": [], "profiles": []}]}""");
        await File.WriteAllTextAsync(Path.Combine(agent.StateDirectory, "projects", project.Name + ".json"), "{ garbage");

        await agent.StartAgainAsync();
        await Eventually.TrueAsync(async () => (await project.ComposerAsync("agent", "status")).Stdout.Contains(project.Name),
            TimeSpan.FromSeconds(30), () => agent.Log);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(agent.Log, "moved to"));
        Assert.Contains("registered again from the engine's labels: " + project.Name, agent.Log);
        // Supervised again: the agent owns the restarts; the bystander keeps its engine policy.
        await Eventually.TrueAsync(async () => await Docker.RestartPolicyAsync($"{project.Name}-box-1") == "no",
            TimeSpan.FromSeconds(30), () => agent.Log);
        Assert.DoesNotContain(bystander.Name, (await project.ComposerOkAsync("agent", "status")).Stdout);
        Assert.Equal("always", await Docker.RestartPolicyAsync($"{bystander.Name}-box-1"));
        Assert.Equal(OwnerOnly, ModeOf(agent.StateFile));
        Assert.Equal(OwnerOnly, ModeOf(Path.Combine(agent.StateDirectory, "projects", project.Name + ".json")));
    }

    [Fact]
    public async Task A_state_file_that_is_a_directory_or_a_fifo_does_not_stop_the_agent()
    {
        await using var agent = AgentProcess.NotStarted();
        Directory.CreateDirectory(agent.StateFile);
        await agent.StartAgainAsync();
        Assert.Contains("a directory, not a file", agent.Log);
        await agent.StopAsync();

        File.Delete(agent.StateFile);
        (await ProcessRunner.RunAsync("mkfifo", [agent.StateFile])).EnsureSuccess("mkfifo");
        await agent.StartAgainAsync(); // reading it would wait for a writer forever
        Assert.Contains("not a regular file", agent.Log);
    }

    [Fact]
    public async Task A_fatal_error_exits_non_zero_with_one_message_and_no_stack_trace()
    {
        var notADirectory = Path.GetTempFileName();
        try
        {
            var result = await ComposerCli.RunAsync(Path.GetTempPath(), "agent", "--state-dir", notADirectory);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(notADirectory, result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr + result.Stdout);
        }
        finally { File.Delete(notADirectory); }
    }
}
