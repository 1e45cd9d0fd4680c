using Composer.Model;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>What `up` is asked, as docker compose's api.UpOptions: the create half, then how to start and whom to follow.</summary>
internal sealed record UpRequest
{
    public CreateRequest Create { get; init; } = new();
    /// <summary>-d: return once started.</summary>
    public bool Detach { get; init; }
    /// <summary>--wait: return once running (healthy where there is a healthcheck); null timeout waits for ever.</summary>
    public bool Wait { get; init; }
    public TimeSpan? WaitTimeout { get; init; }
    /// <summary>--watch: rebuild and sync on file changes while attached.</summary>
    public bool Watch { get; init; }
    /// <summary>The env files the project was loaded with, so a registration with the agent loads it the same way.</summary>
    public IReadOnlyList<string> EnvFiles { get; init; } = [];
    public AttachRequest Attach { get; init; } = new();
}

/// <summary>How an attached `up` follows its containers: whose output, how printed, when it ends.</summary>
internal sealed record AttachRequest
{
    /// <summary>--attach: exactly these; empty: the services named, or all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];
    /// <summary>--no-attach: never these.</summary>
    public IReadOnlyList<string> Not { get; init; } = [];
    /// <summary>--attach-dependencies: the dependencies of the services named too.</summary>
    public bool Dependencies { get; init; }
    public bool Colour { get; init; } = true;
    public bool LogPrefix { get; init; } = true;
    public bool Timestamps { get; init; }
    /// <summary>--abort-on-container-exit (implied by --exit-code-from).</summary>
    public bool AbortOnExit { get; init; }
    public bool AbortOnFailure { get; init; }
    public string? ExitCodeFrom { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>`up`: create, start, then (unless detached) follow the containers; returns the exit code the CLI gives.</summary>
    public async Task<int> UpAsync(Project project, UpRequest request, CancellationToken cancellationToken)
    {
        var create = request.Create;
        // Told before anything starts: nothing to watch.
        var watched = request.Watch ? ProjectWatch.Services(project, [.. create.Services]) : [];
        var desired = Desired(project, create);
        var containers = Containers(desired, create);
        var detached = request.Detach || request.Wait;
        // Detached and whole: a running agent keeps it that way from now on, and alone owns its restarts.
        using var agent = detached && create.Services.Count == 0 && !containers.NoStart && !Terminal.DryRun
            ? await Agent.AgentClient.ConnectAsync(cancellationToken).ConfigureAwait(false) : null;
        var reconciler = Reconciler(project, create, supervisedRestarts: agent is not null);
        if (Terminal.DryRun)
        {
            await PrintPlansAsync(reconciler, desired, create, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        // Registered before the lock is let go, with this up's --scale: the agent's next pass
        // (waiting on the lock) keeps what this up made instead of undoing it.
        Func<Task>? register = agent is null ? null : async () =>
        {
            await agent.RegisterAsync(Agent.Registration.Of(project, [.. request.EnvFiles], create.Scale.ToDictionary()), cancellationToken).ConfigureAwait(false);
            Terminal.Status($"{project.Name}: registered with the agent on {agent.Socket}, which now keeps it converged");
        };
        await ConvergeAsync(reconciler, desired, create.Images, containers, cancellationToken, whileLocked: register).ConfigureAwait(false);

        if (request.Wait)
        {
            await reconciler.WaitReadyAsync(desired, request.WaitTimeout, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        if (request.Detach || containers.NoStart) return 0;

        var attach = request.Attach;
        var attached = new AttachedRun(Engine, Terminal, project.Name, desired)
        {
            AbortOnFailure = attach.AbortOnFailure,
            Attached = AttachedServices(project, desired, create.Services, attach),
            LogPrefix = attach.LogPrefix,
            Colour = attach.Colour,
            Timestamps = attach.Timestamps,
            AbortOnExit = attach.AbortOnExit || attach.ExitCodeFrom is not null,
            ExitCodeFrom = attach.ExitCodeFrom,
            StopTimeout = create.StopTimeout,
            StayWhenAllExited = request.Watch,
        };
        if (!request.Watch) return await attached.RunAsync(reconciler, cancellationToken).ConfigureAwait(false);
        // Both end on Ctrl-C: the watch quietly, the attached run by stopping the stack as attached `up` does.
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchTask = ProjectWatch.RunAsync(this, project, watched, new WatchFlags(), Terminal, stopWatching.Token);
        var code = await attached.RunAsync(reconciler, cancellationToken).ConfigureAwait(false);
        await stopWatching.CancelAsync().ConfigureAwait(false);
        await watchTask.ConfigureAwait(false);
        return code;
    }

    /// <summary>
    /// Whose output an attached `up` shows, as docker compose: the services named (their
    /// dependencies too with --attach-dependencies), all when none are named; --attach picks
    /// exactly, --no-attach takes away; a service with `attach: false` is shown only when --attach names it.
    /// </summary>
    private static HashSet<string> AttachedServices(Project project, DesiredState desired, IReadOnlyList<string> selected, AttachRequest attach)
    {
        ProjectTarget.Declared(project, [.. attach.Only, .. attach.Not]);
        IEnumerable<string> shown = attach.Only.Count > 0 ? attach.Only
            : selected.Count > 0 && !attach.Dependencies ? selected
            : desired.Services.Select(s => s.Name);
        if (attach.Only.Count == 0) shown = shown.Where(name => project.Services.GetValueOrDefault(name)?.Attach != false);
        return shown.Except(attach.Not, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
    }
}
