using System.Formats.Tar;

namespace Composer.Orchestrator.Application;

/// <summary>
/// Extracts an archive from a container onto the host, each entry renamed for its
/// <see cref="CopyTarget"/>. As with `docker cp`, what is written belongs to whoever runs composer;
/// modes and modification times are the archive's. Links are written as links and never followed:
/// nothing outside the destination is written, linked to or read (see <see cref="ExtractionPaths"/>).
/// </summary>
internal sealed class HostExtraction
{
    private readonly string _archiveRoot;
    private readonly CopyTarget _target;
    private readonly List<(string Path, UnixFileMode Mode, DateTimeOffset Modified)> _directories = [];
    // Files and symlinks this archive wrote: the only things a hard link in it may name.
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    // Fifos and devices, which are not made on the host: a hard link to one is left out with it.
    private readonly HashSet<string> _skipped = new(StringComparer.Ordinal);

    private HostExtraction(string archiveRoot, CopyTarget target) => (_archiveRoot, _target) = (archiveRoot, target);

    /// <param name="archiveRoot">The top entry's name in the archive: the source's last component, "." for "dir/.".</param>
    public static async Task ExtractAsync(Stream tar, string archiveRoot, CopyTarget target, CancellationToken cancellationToken)
    {
        var extraction = new HostExtraction(archiveRoot, target);
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            await extraction.WriteAsync(entry, cancellationToken);
        extraction.FinishDirectories();
    }

    private async Task WriteAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        var name = NameOf(entry.Name);
        if (name.Length == 0) return;
        var path = ExtractionPaths.Inside(_target.Directory, name);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (ExtractionPaths.KindOf(path) == PathKind.File) throw new IOException($"cannot replace {path} with a directory: it is not one");
                Directory.CreateDirectory(path);
                _directories.Add((path, entry.Mode, entry.ModificationTime));
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                MakeRoomForFile(path);
                await WriteFileAsync(path, entry, cancellationToken);
                break;
            case TarEntryType.SymbolicLink:
                if (ExtractionPaths.SymlinkLeaves(name, entry.LinkName))
                    throw new InvalidDataException($"refusing to extract {name}: it is a symbolic link to {entry.LinkName}, outside of {_target.Directory}");
                MakeRoomForFile(path);
                File.CreateSymbolicLink(path, entry.LinkName);
                break;
            case TarEntryType.HardLink:
                if (LinkedEntry(name, entry.LinkName) is not { } existing)
                {
                    _skipped.Add(path);
                    return;
                }
                MakeRoomForFile(path);
                HardLink.Create(existing, path);
                break;
            default:
                // Devices and fifos need privileges or make no sense on the host; pax headers are read by TarReader itself.
                _skipped.Add(path);
                return;
        }
        _written.Add(path);
    }

    /// <summary>The entry's name in the destination; "" when it is not written.</summary>
    private string NameOf(string entryName) => _target.EntryName(ExtractionPaths.RelativeToRoot(entryName, _archiveRoot));

    /// <summary>
    /// What a hard link names, as the archive's earlier file or symlink in the destination. A name
    /// the archive did not write (something of the host's, inside the destination or not) is
    /// refused: linking to it would hand the host's file to whoever made the archive. Null for
    /// an entry that was left out (a fifo, a device).
    /// </summary>
    private string? LinkedEntry(string name, string linkName)
    {
        var refused = $"refusing to extract {name}: it is a hard link to {linkName}, which the archive did not extract before it";
        string existing;
        try { existing = ExtractionPaths.Inside(_target.Directory, NameOf(linkName)); }
        catch (InvalidDataException) { throw new InvalidDataException(refused); }
        if (_skipped.Contains(existing)) return null;
        if (!_written.Contains(existing) || ExtractionPaths.KindOf(existing) != PathKind.File) throw new InvalidDataException(refused);
        return existing;
    }

    /// <summary>Last, and deepest first: a read-only directory would refuse its own contents, and each file written into one changes its time.</summary>
    private void FinishDirectories()
    {
        for (var i = _directories.Count - 1; i >= 0; i--)
        {
            var (path, mode, modified) = _directories[i];
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
            Directory.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        }
    }

    /// <summary>
    /// A file replaces a file or a link, never a directory (as docker cp refuses to). What was there
    /// is unlinked, not written through: it may be a link, or a hard link, to a file elsewhere.
    /// </summary>
    private static void MakeRoomForFile(string path)
    {
        switch (ExtractionPaths.KindOf(path))
        {
            case PathKind.Directory: throw new IOException($"cannot replace the directory {path} with a file");
            case PathKind.File: File.Delete(path); break;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    }

    private static async Task WriteFileAsync(string path, TarEntry entry, CancellationToken cancellationToken)
    {
        // CreateNew (O_EXCL) refuses a name that exists, a symlink included, instead of following it.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        // Readable by the owner alone until the archive's mode is applied, for a secret copied out.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(path, options))
            if (entry.DataStream is { } data) await data.CopyToAsync(file, cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, entry.Mode);
        File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
    }
}
