using System.IO.Pipelines;
using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>Flags of `cp` that change how files travel.</summary>
internal sealed record CopyOptions(bool FollowLink, bool KeepOwnership);

/// <summary>
/// The two directions of `cp` for one container, as `docker cp` does them: the engine's archive
/// endpoint carries a tar stream, which is planned (renamed) here so that it lands where docker cp
/// would put it.
/// </summary>
internal sealed class ContainerCopy(IEngineClient engine, CopyOptions options)
{
    public async Task FromContainerAsync(string containerId, string sourcePath, string destination, CancellationToken cancellationToken)
    {
        var path = ContainerPath(sourcePath);
        var sourceName = CopyPaths.SourceName(path);
        if (options.FollowLink) path = await FollowLinkAsync(containerId, path, cancellationToken) ?? path;
        await using var archive = await engine.GetArchiveAsync(containerId, path, cancellationToken);
        if (destination == "-")
        {
            await using var stdout = Console.OpenStandardOutput();
            await archive.Content.CopyToAsync(stdout, cancellationToken);
            return;
        }
        var (resolved, kind) = HostDestination(destination);
        var target = CopyTarget.Plan(sourceName, archive.Stat.IsDirectory, resolved, kind, CopyPaths.AssertsDirectory(destination));
        // The archive names its top after the path asked for (the link's target with -L), "." for "dir/.".
        await HostExtraction.ExtractAsync(archive.Content, CopyPaths.SourceName(path), target, cancellationToken);
    }

    public async Task ToContainerAsync(string containerId, string source, string destinationPath, CancellationToken cancellationToken)
    {
        var (destination, kind) = await ContainerDestinationAsync(containerId, ContainerPath(destinationPath), cancellationToken);
        var upload = new ArchiveUploadOptions { CopyOwnership = options.KeepOwnership, NoOverwriteDirNonDir = true };
        if (source == "-")
        {
            // The tar on stdin is extracted as it is, so its top must go into a directory.
            if (kind != PathKind.Directory) throw new IOException($"destination {destinationPath} must be a directory");
            await using var stdin = Console.OpenStandardInput();
            await engine.PutArchiveAsync(containerId, destination, stdin, upload, cancellationToken);
            return;
        }
        var host = HostSource.Resolve(source, options.FollowLink);
        var target = CopyTarget.Plan(host.Name, host.IsDirectory, destination, kind, CopyPaths.AssertsDirectory(destinationPath));
        await UploadAsync(containerId, target.Directory, upload,
            (stream, cancel) => HostArchive.WriteAsync(stream, host, target, options.KeepOwnership, cancel), cancellationToken);
    }

    /// <summary>Container paths are taken from / (relative or not), keeping a trailing "/" or "/." that says what is meant.</summary>
    private static string ContainerPath(string path) => path.StartsWith('/') ? path : "/" + path;

    /// <summary>Where a symlink points, as its container resolves it; null when the path is no link.</summary>
    private async Task<string?> FollowLinkAsync(string containerId, string path, CancellationToken cancellationToken)
    {
        try
        {
            var stat = await engine.StatContainerPathAsync(containerId, path, cancellationToken);
            if (!stat.IsSymbolicLink || string.IsNullOrEmpty(stat.LinkTarget)) return null;
            return stat.LinkTarget.StartsWith('/') ? stat.LinkTarget : CopyPaths.Join(CopyPaths.Parent(CopyPaths.Clean(path)), stat.LinkTarget);
        }
        catch (EngineNotFoundException)
        {
            return null; // the archive request that follows names what is missing
        }
    }

    /// <summary>What the destination is in the container, a symlink at its end followed (as docker cp does).</summary>
    private async Task<(string Path, PathKind Kind)> ContainerDestinationAsync(string containerId, string path, CancellationToken cancellationToken)
    {
        try
        {
            var stat = await engine.StatContainerPathAsync(containerId, path, cancellationToken);
            if (stat.IsSymbolicLink && !string.IsNullOrEmpty(stat.LinkTarget))
            {
                path = stat.LinkTarget.StartsWith('/') ? stat.LinkTarget : CopyPaths.Join(CopyPaths.Parent(CopyPaths.Clean(path)), stat.LinkTarget);
                stat = await engine.StatContainerPathAsync(containerId, path, cancellationToken);
            }
            if (!stat.IsDirectory && !stat.IsRegularFile) throw new IOException($"destination {path} must be a directory or a regular file");
            return (path, stat.IsDirectory ? PathKind.Directory : PathKind.File);
        }
        catch (EngineNotFoundException)
        {
            // Missing is fine when its parent exists: the copy creates it (the engine says so if the parent is missing too).
            return (path, PathKind.Missing);
        }
    }

    /// <summary>What the destination is on the host, a symlink at its end followed; a missing one needs an existing parent.</summary>
    private static (string Path, PathKind Kind) HostDestination(string destination)
    {
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        var entry = new FileInfo(path);
        if (entry.LinkTarget is not null) path = entry.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        if (Directory.Exists(path)) return (path, PathKind.Directory);
        if (File.Exists(path)) return (path, PathKind.File);
        var parent = Path.GetDirectoryName(path);
        if (parent is null || !Directory.Exists(parent)) throw new IOException($"destination directory {parent} does not exist");
        return (path, PathKind.Missing);
    }

    /// <summary>
    /// Streams the archive to the engine while it is written, through a pipe, so a large tree is
    /// never held whole. Whichever side fails first is the error to report: a host file that
    /// cannot be read ends the upload too, and an engine that refuses stops the writing.
    /// </summary>
    private async Task UploadAsync(string containerId, string directory, ArchiveUploadOptions upload,
        Func<Stream, CancellationToken, Task> writeArchive, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = Task.Run(() => WriteIntoAsync(pipe.Writer, writeArchive, stopWriting.Token), CancellationToken.None);
        try
        {
            await engine.PutArchiveAsync(containerId, directory, pipe.Reader.AsStream(), upload, cancellationToken);
        }
        catch
        {
            await stopWriting.CancelAsync();
            try { await writing; }
            catch (OperationCanceledException) { } // stopped here: the engine's error is the one to tell
            throw;
        }
        finally
        {
            await pipe.Reader.CompleteAsync();
        }
        await writing;
    }

    private static async Task WriteIntoAsync(PipeWriter pipe, Func<Stream, CancellationToken, Task> writeArchive, CancellationToken cancellationToken)
    {
        try
        {
            await writeArchive(pipe.AsStream(leaveOpen: true), cancellationToken);
            await pipe.CompleteAsync();
        }
        catch (Exception error)
        {
            await pipe.CompleteAsync(error);
            throw;
        }
    }
}
