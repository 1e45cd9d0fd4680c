using System.Text.Json;
using Composer.Engine;

namespace Composer.Reconciler.Swarm;

/// <summary>
/// Walks a <see cref="StackPlan"/> in order on the swarm. Makes no decisions beyond the mechanics:
/// config and secret names become ids (the engine wants ids in service specs), updates carry the
/// version they were read at, and removals retry while tasks still hold what is being removed.
/// </summary>
public sealed class StackExecutor(ISwarmClient swarm, DesiredStack desired, ObservedStack observed)
{
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Called once, after creates and updates and before removals: the place to wait for convergence.</summary>
    public Func<IReadOnlyList<string>, CancellationToken, Task> BeforeRemovals { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>How long a removal may keep failing because tasks still use the object.</summary>
    public TimeSpan RemovalPatience { get; init; } = TimeSpan.FromSeconds(60);

    public async Task ExecuteAsync(StackPlan plan, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? configIds = null, secretIds = null;
        var touched = new List<string>();
        var waited = false;
        foreach (var operation in plan.Operations)
        {
            if (operation.IsRemoval && !waited)
            {
                waited = true;
                await BeforeRemovals(touched, cancellationToken).ConfigureAwait(false);
            }
            Log(Describe(operation));
            switch (operation.Kind)
            {
                case StackOperationKind.CreateNetwork:
                    await swarm.CreateNetworkAsync(desired.Networks.Single(n => n.Name == operation.Subject).Request, cancellationToken).ConfigureAwait(false);
                    break;
                case StackOperationKind.CreateConfig:
                    await swarm.CreateConfigAsync(desired.Configs.Single(c => c.Name == operation.Subject).Spec, cancellationToken).ConfigureAwait(false);
                    break;
                case StackOperationKind.CreateSecret:
                    await swarm.CreateSecretAsync(desired.Secrets.Single(c => c.Name == operation.Subject).Spec, cancellationToken).ConfigureAwait(false);
                    break;
                case StackOperationKind.CreateService or StackOperationKind.UpdateService:
                    configIds ??= Ids(await swarm.ListConfigsAsync([], cancellationToken).ConfigureAwait(false));
                    secretIds ??= Ids(await swarm.ListSecretsAsync([], cancellationToken).ConfigureAwait(false));
                    var spec = Resolve(desired.Services.Single(s => s.Name == operation.Subject).Spec, configIds, secretIds);
                    await CreateOrUpdateAsync(operation, spec, cancellationToken).ConfigureAwait(false);
                    touched.Add(operation.Subject);
                    break;
                case StackOperationKind.RemoveService:
                    await IgnoreMissing(swarm.RemoveServiceAsync(operation.Id ?? operation.Subject, cancellationToken)).ConfigureAwait(false);
                    break;
                case StackOperationKind.RemoveConfig:
                    await RemoveWhenFreeAsync(() => swarm.RemoveConfigAsync(operation.Id ?? operation.Subject, cancellationToken), cancellationToken).ConfigureAwait(false);
                    break;
                case StackOperationKind.RemoveSecret:
                    await RemoveWhenFreeAsync(() => swarm.RemoveSecretAsync(operation.Id ?? operation.Subject, cancellationToken), cancellationToken).ConfigureAwait(false);
                    break;
                case StackOperationKind.RemoveNetwork:
                    await RemoveWhenFreeAsync(() => swarm.RemoveNetworkAsync(operation.Id ?? operation.Subject, cancellationToken), cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        if (!waited) await BeforeRemovals(touched, cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateOrUpdateAsync(StackOperation operation, ServiceSpec spec, CancellationToken cancellationToken)
    {
        if (operation.Kind == StackOperationKind.CreateService)
        {
            var created = await swarm.CreateServiceAsync(spec, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(created.Warning)) Log("warning: " + created.Warning);
            return;
        }
        var current = observed.Services.Single(s => s.Name == operation.Subject);
        // ForceUpdate is not ours: sending another value than the engine holds would restart every task.
        spec.TaskTemplate.ForceUpdate = current.Spec?.TaskTemplate.ForceUpdate ?? 0;
        var updated = await swarm.UpdateServiceAsync(current.Id, current.Version, spec, cancellationToken).ConfigureAwait(false);
        foreach (var warning in updated.Warnings ?? []) Log("warning: " + warning);
    }

    /// <summary>A copy of the desired spec with config and secret ids filled in (external ones must exist already).</summary>
    private static ServiceSpec Resolve(ServiceSpec desiredSpec, Dictionary<string, string> configIds, Dictionary<string, string> secretIds)
    {
        var spec = JsonSerializer.Deserialize(JsonSerializer.Serialize(desiredSpec, SwarmJson.Default.ServiceSpec), SwarmJson.Default.ServiceSpec)!;
        foreach (var config in spec.TaskTemplate.ContainerSpec.Configs ?? [])
            config.ConfigID = configIds.GetValueOrDefault(config.ConfigName)
                ?? throw new StackDefinitionException($"service {spec.Name}: config {config.ConfigName} not found in the swarm");
        foreach (var secret in spec.TaskTemplate.ContainerSpec.Secrets ?? [])
            secret.SecretID = secretIds.GetValueOrDefault(secret.SecretName)
                ?? throw new StackDefinitionException($"service {spec.Name}: secret {secret.SecretName} not found in the swarm");
        return spec;
    }

    private static Dictionary<string, string> Ids(IEnumerable<SwarmObject> objects)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in objects) if (item.Spec?.Name is { } name) ids[name] = item.ID;
        return ids;
    }

    /// <summary>Tasks of a removed service let go of networks, configs and secrets a moment later; until then the engine refuses.</summary>
    private async Task RemoveWhenFreeAsync(Func<Task> remove, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RemovalPatience;
        while (true)
        {
            try
            {
                await IgnoreMissing(remove()).ConfigureAwait(false);
                return;
            }
            catch (EngineApiException error) when (error is not EngineNotFoundException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task IgnoreMissing(Task call)
    {
        try { await call.ConfigureAwait(false); }
        catch (EngineNotFoundException) { }
    }

    private static string Describe(StackOperation operation) => operation.Kind switch
    {
        StackOperationKind.UpdateService => $"Updating service {operation.Subject} ({operation.Cause})",
        _ => $"{(operation.IsRemoval ? "Removing" : "Creating")} {operation.Verb.Split(' ', 2)[1]} {operation.Subject}",
    };
}
