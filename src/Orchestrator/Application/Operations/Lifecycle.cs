using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Containers;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>`start`: the services' existing containers (none named: all); with <see cref="Wait"/>, until running or healthy.</summary>
internal sealed record StartRequest(IReadOnlyList<string> Services)
{
    public bool Wait { get; init; }
    public TimeSpan? WaitTimeout { get; init; }
}

/// <summary>`stop`: <see cref="Timeout"/> seconds of grace, else each service's stop_grace_period.</summary>
internal sealed record StopRequest(IReadOnlyList<string> Services, int? Timeout = null);

/// <summary>`kill`: the signal sent; with <see cref="RemoveOrphans"/>, containers of undeclared services go too.</summary>
internal sealed record KillRequest(IReadOnlyList<string> Services)
{
    public string Signal { get; init; } = "SIGKILL";
    public bool RemoveOrphans { get; init; }
}

/// <summary>`pause` and `unpause`: the services' containers (none named: all).</summary>
internal sealed record PauseRequest(IReadOnlyList<string> Services);

/// <summary>`rm`: stopped containers; running ones too with <see cref="Stop"/>; their anonymous volumes with <see cref="Volumes"/>.</summary>
internal sealed record RemoveRequest(IReadOnlyList<string> Services)
{
    public bool Stop { get; init; }
    public bool Volumes { get; init; }
}

/// <summary>start, stop, kill, pause, unpause, rm: one engine call per existing container, found by label.</summary>
internal sealed partial class ComposeService
{
    public async Task StartAsync(ProjectTarget target, StartRequest request, CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        var hooks = Hooks(target);
        await EachContainerAsync(target, selected, all: true, "Started", async c =>
        {
            await Engine.StartContainerAsync(c.Id, cancellationToken).ConfigureAwait(false);
            if (c.State != "running") await hooks.AfterStartAsync(ProjectContainers.ServiceOf(c), c.Id, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (!request.Wait) return;
        if (target.Project is not { } project) throw new UsageException("--wait needs the compose file: it says which services have healthchecks");
        var desired = DesiredStateBuilder.Build(project, selected, withDependencies: false);
        await Reconciler(project).WaitReadyAsync(desired, request.WaitTimeout, cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(ProjectTarget target, StopRequest request, CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        await TellAgentAsync(target.Name, selected, request.Timeout ?? StopGrace.Seconds(StopGrace.Default), cancellationToken).ConfigureAwait(false);
        var hooks = Hooks(target);
        await EachContainerAsync(target, selected, all: false, "Stopped", async c =>
        {
            await hooks.BeforeStopAsync(ProjectContainers.ServiceOf(c), c.Id, cancellationToken).ConfigureAwait(false);
            await Engine.StopContainerAsync(c.Id, GraceSeconds(request.Timeout, target, c), cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task KillAsync(ProjectTarget target, KillRequest request, CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        await TellAgentAsync(target.Name, selected, graceSeconds: 0, cancellationToken).ConfigureAwait(false);
        await EachContainerAsync(target, selected, all: false, "Killed",
            c => Engine.KillContainerAsync(c.Id, request.Signal, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (request.RemoveOrphans) await RemoveOrphansAsync(target, cancellationToken).ConfigureAwait(false);
    }

    public Task PauseAsync(ProjectTarget target, PauseRequest request, CancellationToken cancellationToken) =>
        EachContainerAsync(target, target.Select(request.Services), all: false, "Paused", c => Engine.PauseContainerAsync(c.Id, cancellationToken), cancellationToken);

    public Task UnpauseAsync(ProjectTarget target, PauseRequest request, CancellationToken cancellationToken) =>
        EachContainerAsync(target, target.Select(request.Services), all: true, "Unpaused", c => Engine.UnpauseContainerAsync(c.Id, cancellationToken), cancellationToken);

    public async Task RemoveAsync(ProjectTarget target, RemoveRequest request, CancellationToken cancellationToken)
    {
        var containers = await ProjectContainers.ListAsync(Engine, target.Name, target.Select(request.Services), all: true, cancellationToken).ConfigureAwait(false);
        foreach (var container in containers)
        {
            if (container.State == "running")
            {
                if (!request.Stop) continue;
                await Hooks(target).BeforeStopAsync(ProjectContainers.ServiceOf(container), container.Id, cancellationToken).ConfigureAwait(false);
                await Engine.StopContainerAsync(container.Id, GraceSeconds(null, target, container), cancellationToken).ConfigureAwait(false);
            }
            await Engine.RemoveContainerAsync(container.Id, force: false, volumes: request.Volumes, cancellationToken).ConfigureAwait(false);
            Terminal.Status($" Container {ProjectContainers.Name(container)}  Removed");
        }
    }

    /// <summary>The post_start and pre_stop hooks of the compose file's services (none when the project is known by name alone).</summary>
    private LifecycleHooks Hooks(ProjectTarget target) => new(Engine, target.Project ?? Project.Empty(target.Name, Environment.CurrentDirectory));

    /// <summary>The action on each of the services' containers at once, a status line as each is done.</summary>
    private async Task EachContainerAsync(ProjectTarget target, string[] services, bool all, string done, Func<ContainerSummary, Task> act,
        CancellationToken cancellationToken)
    {
        var containers = await ProjectContainers.ListAsync(Engine, target.Name, services, all, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(containers.Select(async c =>
        {
            await act(c).ConfigureAwait(false);
            Terminal.Status($" Container {ProjectContainers.Name(c)}  {done}");
        })).ConfigureAwait(false);
    }

    /// <summary>
    /// The grace a stop gives a container: the one asked for, else its service's stop_grace_period
    /// (as the executor gives it), else the engine's default.
    /// </summary>
    private static int GraceSeconds(int? asked, ProjectTarget target, ContainerSummary container) =>
        asked ?? StopGrace.Seconds(target.Project?.Services.GetValueOrDefault(ProjectContainers.ServiceOf(container)) is { } service
            ? StopGrace.Of(service) : StopGrace.Default);

    /// <summary>
    /// A running agent must not restart what the user stops, including containers that are down
    /// between two restarts right now (stopping those is no event the agent could see). It hears
    /// first and answers once its restarts in flight are undone; then we look.
    /// </summary>
    /// <param name="graceSeconds">The grace the agent gets to stop one it was restarting at that moment.</param>
    private async Task TellAgentAsync(string project, string[] services, int graceSeconds, CancellationToken cancellationToken)
    {
        using var agent = await Agent.AgentClient.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (agent is null) return;
        var all = await ProjectContainers.ListAsync(Engine, project, services, true, cancellationToken).ConfigureAwait(false);
        await agent.StoppedAsync(all.Select(c => c.Id), graceSeconds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The project's containers of services the compose file no longer declares go.</summary>
    private async Task RemoveOrphansAsync(ProjectTarget target, CancellationToken cancellationToken)
    {
        if (target.Project is not { } project) throw new UsageException("--remove-orphans needs the compose file: without it no service is an orphan");
        var all = await ProjectContainers.ListAsync(Engine, project.Name, [], all: true, cancellationToken).ConfigureAwait(false);
        foreach (var orphan in all.Where(c => !project.Services.ContainsKey(ProjectContainers.ServiceOf(c))))
        {
            await Engine.RemoveContainerAsync(orphan.Id, force: true, volumes: false, cancellationToken).ConfigureAwait(false);
            Terminal.Status($" Container {ProjectContainers.Name(orphan)}  Removed");
        }
    }
}
