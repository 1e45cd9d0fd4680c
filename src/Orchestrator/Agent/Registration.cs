using Composer.Model;

namespace Composer.Orchestrator.Agent;

/// <summary>Registering a loaded project with the agent, whether it runs now or starts later.</summary>
internal static class Registration
{
    public static RegisteredProject Of(Project project, IEnumerable<string> envFiles, IReadOnlyDictionary<string, int>? scale = null) => new(
        project.Name,
        project.WorkingDirectory,
        [.. project.ConfigFiles],
        [.. envFiles.Select(Path.GetFullPath)],
        [.. project.ActiveProfiles],
        scale is { Count: > 0 } ? new Dictionary<string, int>(scale, StringComparer.Ordinal) : null);

    /// <summary>Through the running agent, or straight into its state file for the agent to find when it starts.</summary>
    /// <param name="warn">Told when an untrusted state file had to be moved aside.</param>
    public static async Task<string> AddAsync(RegisteredProject project, Action<string> warn, CancellationToken cancellationToken)
    {
        using var agent = await AgentClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (agent is not null) return await agent.RegisterAsync(project, cancellationToken).ConfigureAwait(false);
        var directory = AgentOptions.StateDirectoryFromEnvironment();
        AgentStateStore.Edit(directory, warn, state => { state.Register(project); return true; });
        return $"{project.Name}: registered in {directory}; no agent is running, it will converge the project when it starts";
    }

    public static async Task<bool> RemoveAsync(string name, Action<string> warn, CancellationToken cancellationToken)
    {
        using var agent = await AgentClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (agent is not null) return await agent.UnregisterAsync(name, cancellationToken).ConfigureAwait(false);
        var directory = AgentOptions.StateDirectoryFromEnvironment();
        return File.Exists(AgentStateStore.FileIn(directory)) && AgentStateStore.Edit(directory, warn, state => state.Unregister(name));
    }
}
