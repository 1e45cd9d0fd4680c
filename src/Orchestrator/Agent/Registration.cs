using Composer.Model;

namespace Composer.Orchestrator.Agent;

/// <summary>Registering a loaded project with the agent, whether it runs now or starts later.</summary>
internal static class Registration
{
    public static RegisteredProject Of(Project project, IEnumerable<string> envFiles) => new(
        project.Name,
        project.WorkingDirectory,
        [.. project.ConfigFiles],
        [.. envFiles.Select(Path.GetFullPath)],
        [.. project.ActiveProfiles]);

    /// <summary>Through the running agent, or straight into its state file for the agent to find when it starts.</summary>
    public static async Task<string> AddAsync(RegisteredProject project, CancellationToken cancellationToken)
    {
        using var agent = await AgentClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (agent is not null) return await agent.RegisterAsync(project, cancellationToken).ConfigureAwait(false);
        var directory = AgentOptions.StateDirectoryFromEnvironment();
        AgentStateStore.Edit(directory, state => { state.Register(project); return true; });
        return $"{project.Name}: registered in {directory}; no agent is running, it will converge the project when it starts";
    }

    public static async Task<bool> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        using var agent = await AgentClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (agent is not null) return await agent.UnregisterAsync(name, cancellationToken).ConfigureAwait(false);
        var directory = AgentOptions.StateDirectoryFromEnvironment();
        return File.Exists(AgentStateStore.FileIn(directory)) && AgentStateStore.Edit(directory, state => state.Unregister(name));
    }
}
