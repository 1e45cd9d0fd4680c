using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Containers;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>`run`: a one-off container of the service, with what the command line changes of its configuration.</summary>
internal sealed record RunRequest(string Service, IReadOnlyList<string> Command)
{
    public bool Detach { get; init; }
    /// <summary>--rm: the container (and its anonymous volumes) goes when it ends.</summary>
    public bool Remove { get; init; }
    public string? Name { get; init; }
    public bool NoDeps { get; init; }
    /// <summary>--build: the image is built again first.</summary>
    public bool Build { get; init; }
    public string? Pull { get; init; }
    public bool QuietPull { get; init; }
    public bool QuietBuild { get; init; }
    public bool RemoveOrphans { get; init; }
    /// <summary>COMPOSE_IGNORE_ORPHANS: no warning about orphans.</summary>
    public bool IgnoreOrphans { get; init; }
    /// <summary>-e KEY=VALUE or KEY (from this environment); applied after <see cref="EnvFiles"/>.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];
    public IReadOnlyList<string> EnvFiles { get; init; } = [];
    public string? Entrypoint { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public IReadOnlyList<string> Publish { get; init; } = [];
    /// <summary>-P: the service's own ports published.</summary>
    public bool ServicePorts { get; init; }
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Volumes { get; init; } = [];
    public bool UseAliases { get; init; }
    /// <summary>-i=false: the container gets no stdin.</summary>
    public bool Interactive { get; init; } = true;
    /// <summary>-T: no TTY even on a terminal.</summary>
    public bool NoTty { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>
    /// Brings the service's dependencies (and the networks and volumes) up as `up` would, then runs
    /// the service itself as a one-off; attached, returns its exit code.
    /// </summary>
    public async Task<int> RunAsync(Project project, RunRequest request, CancellationToken cancellationToken)
    {
        if (!project.Services.TryGetValue(request.Service, out var config)) throw new UsageException($"no such service: {request.Service}");
        var published = RunPorts.Published(config, [.. request.Publish], request.ServicePorts);
        var extraVolumes = RunVolumes.Parse(project, [.. request.Volumes]);
        var reconciler = Reconciler(project, quietBuild: request.QuietBuild, quietPull: request.QuietPull);
        var desired = WithPullFlag(DesiredStateBuilder.Build(project, [request.Service], withDependencies: !request.NoDeps), request.Pull);
        Unrunnable.Refuse(project, desired);
        await reconciler.EnsureImagesAsync(desired, request.Build ? BuildPolicy.Always : BuildPolicy.IfMissing, cancellationToken).ConfigureAwait(false);
        await reconciler.UpAsync(desired with { Services = [.. desired.Services.Where(s => s.Name != request.Service)] },
            new UpOptions { RemoveOrphans = request.RemoveOrphans, IgnoreOrphans = request.IgnoreOrphans }, cancellationToken).ConfigureAwait(false);

        var oneOff = config with
        {
            CapAdd = [.. config.CapAdd, .. request.CapAdd],
            CapDrop = [.. config.CapDrop, .. request.CapDrop],
            Labels = config.Labels.SetItems(RunVolumes.Labels([.. request.Labels])),
            Volumes = [.. config.Volumes, .. extraVolumes],
            Command = request.Command.Count > 0 ? [.. request.Command] : config.Command,
            Entrypoint = request.Entrypoint is { } entrypoint ? [entrypoint] : config.Entrypoint,
            Environment = config.Environment.SetItems(ExtraEnvironment(request)),
            User = request.User ?? config.User,
            WorkingDir = request.WorkingDir ?? config.WorkingDir,
        };
        // Attached, the container gets our stdin: on a terminal (unless -T) with a TTY and the
        // keyboard, otherwise piped (`run -T web ./manage.py loaddata - < data.json`), as
        // `docker compose run` does.
        var attached = !request.Detach;
        var withStdin = attached && request.Interactive;
        var tty = withStdin && !request.NoTty && !Console.IsInputRedirected && !Console.IsOutputRedirected;
        var spec = OneOffContainer.Spec(project, oneOff with { Tty = tty, StdinOpen = withStdin }, desired.Find(request.Service)!, published,
            useAliases: request.UseAliases);
        if (attached) spec.AttachStdout = spec.AttachStderr = true;
        if (withStdin) spec.AttachStdin = spec.StdinOnce = true;
        var containerName = request.Name ?? project.OneOffContainerName(request.Service);
        var id = await Engine.CreateContainerAsync(containerName, spec, cancellationToken).ConfigureAwait(false);
        var hooks = new LifecycleHooks(Engine, project);
        if (!attached)
        {
            await Engine.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
            await hooks.AfterStartAsync(request.Service, id, cancellationToken).ConfigureAwait(false);
            Terminal.Line(containerName);
            return 0;
        }
        try
        {
            // Attached before it starts, so not a byte of its first output is lost.
            await using var connection = await Engine.AttachContainerInteractiveAsync(id, cancellationToken).ConfigureAwait(false);
            await Engine.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
            // post_start runs beside the attached session, as docker compose's run does; its failure is the
            // run's failure when the command itself succeeded.
            var postStart = AfterOneOffStartAsync(hooks, request.Service, id, cancellationToken);
            if (tty)
                await TerminalSession.RunAsync(connection, (h, w) => Engine.ResizeContainerAsync(id, h, w, cancellationToken), cancellationToken).ConfigureAwait(false);
            else
                await PipedSession.RunAsync(connection, cancellationToken).ConfigureAwait(false);
            var code = (int)await Engine.WaitContainerAsync(id, cancellationToken).ConfigureAwait(false);
            try { await postStart.ConfigureAwait(false); }
            catch (HookFailedException) when (code != 0) { } // the command's own failure is the one to tell
            return code;
        }
        finally
        {
            if (request.Remove) await Engine.RemoveContainerAsync(id, force: true, volumes: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A one-off that ends before its hooks could run has nothing left to run them in (the engine answers
    /// 409 or 404): that is no failure of the run, which may rightly be that short.
    /// </summary>
    private static async Task AfterOneOffStartAsync(LifecycleHooks hooks, string service, string id, CancellationToken cancellationToken)
    {
        try { await hooks.AfterStartAsync(service, id, cancellationToken).ConfigureAwait(false); }
        catch (EngineApiException error) when (error is EngineConflictException or EngineNotFoundException) { }
    }

    /// <summary>Files first, then -e: a flag on the command line is the last word.</summary>
    private static Dictionary<string, string?> ExtraEnvironment(RunRequest request)
    {
        var extra = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in request.EnvFiles)
            foreach (var (key, value) in EnvFile.Read(Path.GetFullPath(file), Environment.GetEnvironmentVariable)) extra[key] = value;
        foreach (var pair in request.Env.Select(e => e.Split('=', 2)))
            extra[pair[0]] = pair.Length > 1 ? pair[1] : Environment.GetEnvironmentVariable(pair[0]);
        return extra;
    }
}
