namespace Composer.Orchestrator.Application;

/// <summary>
/// One writer per project on this host: `up`, `down` and friends hold an exclusive lock file
/// while they observe, plan and execute, so two at once cannot both decide to create the same
/// container. The OS drops the lock if the process dies, so a crash never leaves it stuck. The
/// file's place depends on nothing in the environment (<see cref="LockDirectory"/>).
/// </summary>
internal sealed class ProjectLock : IDisposable
{
    private readonly FileStream _file;

    private ProjectLock(FileStream file) => _file = file;

    public static Task<ProjectLock> AcquireAsync(string project, Output.Terminal terminal, CancellationToken cancellationToken) =>
        AcquireAsync(project, terminal.Status, cancellationToken);

    /// <param name="waiting">Told once when another process holds the lock.</param>
    public static async Task<ProjectLock> AcquireAsync(string project, Action<string> waiting, CancellationToken cancellationToken)
    {
        var path = Path.Combine(LockDirectory.Path, project + ".lock");
        var told = false;
        while (true)
        {
            try
            {
                return new ProjectLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                if (!told) waiting($"waiting for another composer working on project {project}...");
                told = true;
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
