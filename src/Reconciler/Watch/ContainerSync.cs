using System.Formats.Tar;
using Composer.Engine;

namespace Composer.Reconciler.Watch;

/// <summary>
/// Makes container paths match host paths, as docker compose's tar sync does: what exists on the
/// host travels as one tar archive through the engine's archive endpoint (extracted at "/", every
/// entry named by its container path, missing parents created by the engine); what no longer
/// exists is removed with one `rm -rf` exec, since the archive endpoint only adds.
/// </summary>
public sealed class ContainerSync(IEngineClient engine)
{
    // Dotfiles too: the default enumeration skips "hidden" entries.
    private static readonly EnumerationOptions EveryEntry = new() { AttributesToSkip = 0, IgnoreInaccessible = true };

    /// <param name="accepts">Which files below a synced directory travel with it (the rule's filter).</param>
    public async Task SyncAsync(string containerId, IReadOnlyList<PathMapping> mappings, Func<string, bool> accepts, CancellationToken cancellationToken)
    {
        var gone = mappings.Where(m => !Exists(m.HostPath)).Select(m => m.ContainerPath).ToList();
        if (gone.Count > 0)
        {
            var (code, output) = await ExecAsync(containerId, new ExecRequest { Cmd = ["rm", "-rf", "--", .. gone] }, cancellationToken).ConfigureAwait(false);
            if (code != 0) throw new IOException($"removing {string.Join(", ", gone)} failed (exit {code}): {output.Trim()}");
        }
        var present = mappings.Where(m => Exists(m.HostPath)).ToList();
        if (present.Count == 0) return;
        using var archive = new MemoryStream();
        await using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var mapping in present)
                await WriteAsync(writer, mapping.HostPath, mapping.ContainerPath.TrimStart('/'), accepts, cancellationToken).ConfigureAwait(false);
        archive.Position = 0;
        await engine.PutArchiveAsync(containerId, "/", archive, new ArchiveUploadOptions(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a command in the container to its end: exit code and output (stdout and stderr together).</summary>
    public async Task<(long ExitCode, string Output)> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        var id = await engine.CreateExecAsync(containerId, request, cancellationToken).ConfigureAwait(false);
        var output = new System.Text.StringBuilder();
        await using (var connection = await engine.StartExecInteractiveAsync(id, false, cancellationToken).ConfigureAwait(false))
            await foreach (var frame in StreamDemultiplexer.ReadAsync(connection.Stream, tty: false, cancellationToken).ConfigureAwait(false))
                output.Append(System.Text.Encoding.UTF8.GetString(frame.Payload.Span));
        var inspect = await engine.InspectExecAsync(id, cancellationToken).ConfigureAwait(false);
        return (inspect.ExitCode ?? 0, output.ToString());
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static async Task WriteAsync(TarWriter writer, string hostPath, string name, Func<string, bool> accepts, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            // A directory synced to "/" itself: only its contents have names.
            foreach (var child in new DirectoryInfo(hostPath).EnumerateFileSystemInfos("*", EveryEntry).OrderBy(c => c.Name, StringComparer.Ordinal))
                if (accepts(child.FullName)) await WriteAsync(writer, child.FullName, child.Name, accepts, cancellationToken).ConfigureAwait(false);
            return;
        }
        FileSystemInfo item = Directory.Exists(hostPath) ? new DirectoryInfo(hostPath) : new FileInfo(hostPath);
        PaxTarEntry entry;
        try
        {
            entry = item switch
            {
                { LinkTarget: { } link } => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = link },
                DirectoryInfo => new PaxTarEntry(TarEntryType.Directory, name),
                FileInfo file => new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = file.OpenRead() },
                _ => throw new IOException($"{hostPath}: not a file or directory"),
            };
        }
        catch (FileNotFoundException)
        {
            return; // deleted while the batch was planned: the next batch removes it
        }
        if (entry.EntryType != TarEntryType.SymbolicLink)
        {
            entry.Mode = item.UnixFileMode;
            entry.ModificationTime = item.LastWriteTimeUtc;
        }
        await using (entry.DataStream)
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        if (item is not DirectoryInfo { LinkTarget: null } directory) return;
        foreach (var child in directory.EnumerateFileSystemInfos("*", EveryEntry).OrderBy(c => c.Name, StringComparer.Ordinal))
            if (accepts(child.FullName))
                await WriteAsync(writer, child.FullName, $"{name}/{child.Name}", accepts, cancellationToken).ConfigureAwait(false);
    }
}
