namespace Composer.Orchestrator.Application;

/// <summary>`export SERVICE`: replica <see cref="Index"/> (else the one chosen as for exec), into <see cref="Output"/> or, when null, stdout.</summary>
internal sealed record ExportRequest(string Service)
{
    public int? Index { get; init; }
    /// <summary>-o, its folder already checked; null: stdout, which the verb made sure is no terminal.</summary>
    public string? Output { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>A service container's filesystem as a tar archive, as `docker compose export`.</summary>
    public async Task ExportAsync(ProjectTarget target, ExportRequest request, CancellationToken cancellationToken)
    {
        var container = await OneReplicaAsync(target, request.Service, request.Index, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(request.Output))
        {
            await using var stdout = Console.OpenStandardOutput();
            await Engine.ExportContainerAsync(container.Id, stdout, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteAtomicallyAsync(request.Output, destination => Engine.ExportContainerAsync(container.Id, destination, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Into a temporary file beside the target, renamed over it once complete: a failed export leaves no half archive.</summary>
    private static async Task WriteAtomicallyAsync(string file, Func<Stream, Task> write)
    {
        var full = Path.GetFullPath(file);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using (var destination = new FileStream(temporary, options)) await write(destination).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
