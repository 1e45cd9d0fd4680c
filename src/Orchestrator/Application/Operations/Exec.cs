using Composer.Engine;
using Composer.Model;

namespace Composer.Orchestrator.Application;

/// <summary>`exec`: a command in a running container of the service (replica <see cref="Index"/>, else the lowest-numbered).</summary>
internal sealed record ServiceExecRequest(string Service, IReadOnlyList<string> Command)
{
    public int? Index { get; init; }
    public bool Detach { get; init; }
    /// <summary>-T: no TTY even on a terminal.</summary>
    public bool NoTty { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public bool Privileged { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>Runs the command; attached, returns its exit code.</summary>
    public async Task<int> ExecAsync(Project project, ServiceExecRequest request, CancellationToken cancellationToken)
    {
        ProjectTarget.Declared(project, request.Service);
        if (request.Command.Count == 0) throw new UsageException("exec requires a COMMAND");
        var target = await ServiceReplica.FindAsync(Engine, project.Name, request.Service, request.Index, cancellationToken).ConfigureAwait(false);
        var exec = new ExecRequest
        {
            Cmd = [.. request.Command],
            Env = request.Env.Count > 0 ? [.. request.Env] : null,
            WorkingDir = request.WorkingDir,
            User = request.User,
            Privileged = request.Privileged,
            Tty = !request.NoTty && !Console.IsInputRedirected && !Console.IsOutputRedirected,
            // Without a TTY stdin is still forwarded (`exec -T db psql < dump.sql`), as Compose's
            // --interactive default does.
            AttachStdin = !request.Detach,
            AttachStdout = !request.Detach,
            AttachStderr = !request.Detach,
        };
        if (!request.Detach) return await AttachedExec.RunAsync(Engine, target.Id, exec, cancellationToken).ConfigureAwait(false);
        var id = await Engine.CreateExecAsync(target.Id, exec, cancellationToken).ConfigureAwait(false);
        await Engine.StartExecDetachedAsync(id, cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
