using Composer.Model;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>`scale SERVICE=REPLICAS...`: the counts; their dependencies come too unless <see cref="NoDeps"/>.</summary>
internal sealed record ScaleRequest(IReadOnlyDictionary<string, int> Replicas)
{
    public bool NoDeps { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>
    /// Creates or removes replicas of the services named, as docker compose does. With the agent
    /// running and the project registered, the counts join its desired state, so the agent keeps them.
    /// </summary>
    public async Task ScaleAsync(Project project, ScaleRequest request, CancellationToken cancellationToken)
    {
        var scale = request.Replicas.ToDictionary();
        var desired = DesiredStateBuilder.Build(project, ProjectTarget.Declared(project, [.. scale.Keys]), !request.NoDeps, scale);
        Unrunnable.Refuse(project, desired);
        using var agent = Terminal.DryRun ? null : await Agent.AgentClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var reconciler = Reconciler(project, supervisedRestarts: agent is not null);
        if (Terminal.DryRun)
        {
            Terminal.Line((await reconciler.PlanUpAsync(desired, new UpOptions(), cancellationToken).ConfigureAwait(false)).ToString().TrimEnd());
            return;
        }
        // Told under the lock, as `up` registers: the agent's next pass keeps these counts.
        Func<Task>? tellAgent = agent is null ? null : async () =>
        {
            if (await agent.ScaleAsync(project.Name, scale, cancellationToken).ConfigureAwait(false))
                Terminal.Status($"{project.Name}: the agent keeps the new scale");
        };
        await ConvergeAsync(reconciler, desired, BuildPolicy.IfMissing, new UpOptions(), cancellationToken, whileLocked: tellAgent).ConfigureAwait(false);
    }
}
