using System.Formats.Tar;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// Extracts an archive from a container onto the host, each entry renamed for its
/// <see cref="CopyTarget"/>. As with `docker cp`, what is written belongs to whoever runs composer;
/// modes and modification times are the archive's.
/// </summary>
internal static class HostExtraction
{
    /// <param name="archiveRoot">The top entry's name in the archive: the source's last component, "." for "dir/.".</param>
    public static async Task ExtractAsync(Stream tar, string archiveRoot, CopyTarget target, CancellationToken cancellationToken)
    {
        var directories = new List<(string Path, UnixFileMode Mode, DateTimeOffset Modified)>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var name = target.EntryName(RelativeToRoot(entry.Name, archiveRoot));
            if (name.Length == 0) continue;
            var path = PathInside(target.Directory, name);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (KindOf(path) == PathKind.File) throw new IOException($"cannot replace {path} with a directory: it is not one");
                    Directory.CreateDirectory(path);
                    directories.Add((path, entry.Mode, entry.ModificationTime));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    MakeRoomForFile(path);
                    await WriteFileAsync(path, entry, cancellationToken);
                    break;
                case TarEntryType.SymbolicLink:
                    MakeRoomForFile(path);
                    File.CreateSymbolicLink(path, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    // No hard links through .NET: the second name gets a copy of the first one's content.
                    var original = PathInside(target.Directory, target.EntryName(RelativeToRoot(entry.LinkName, archiveRoot)));
                    MakeRoomForFile(path);
                    File.Copy(original, path);
                    break;
                default:
                    // Devices and fifos need privileges or make no sense on the host; pax headers are read by TarReader itself.
                    break;
            }
        }
        // Last, and deepest first: a read-only directory would refuse its own contents, and each file written into one changes its time.
        for (var i = directories.Count - 1; i >= 0; i--)
        {
            var (path, mode, modified) = directories[i];
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
            Directory.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        }
    }

    /// <summary>An entry's path below the archive's top ("" for the top itself).</summary>
    private static string RelativeToRoot(string entryName, string archiveRoot)
    {
        var name = entryName.TrimEnd('/');
        if (archiveRoot == ".")
            return name == "." ? "" : name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        if (name == archiveRoot) return "";
        if (name.StartsWith(archiveRoot + "/", StringComparison.Ordinal)) return name[(archiveRoot.Length + 1)..];
        throw new InvalidDataException($"the archive holds {entryName}, outside of {archiveRoot}");
    }

    /// <summary>
    /// The host path of an entry, which must stay inside <paramref name="directory"/>: no ".." in its
    /// name, and no symlink on the way (one the archive just made could point anywhere).
    /// </summary>
    private static string PathInside(string directory, string name)
    {
        var path = directory;
        var parts = name.Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is "" or "." or "..") throw new InvalidDataException($"refusing to extract {name}: it leaves {directory}");
            path = Path.Combine(path, parts[i]);
            if (i < parts.Length - 1 && new FileInfo(path).LinkTarget is not null)
                throw new InvalidDataException($"refusing to extract {name}: {path} is a symbolic link");
        }
        return path;
    }

    /// <summary>What is at a path, a symlink counting as a file (it is replaced, not followed).</summary>
    private static PathKind KindOf(string path) =>
        new FileInfo(path).LinkTarget is not null || File.Exists(path) ? PathKind.File
        : Directory.Exists(path) ? PathKind.Directory
        : PathKind.Missing;

    /// <summary>A file replaces a file or a link, never a directory (as docker cp refuses to).</summary>
    private static void MakeRoomForFile(string path)
    {
        switch (KindOf(path))
        {
            case PathKind.Directory: throw new IOException($"cannot replace the directory {path} with a file");
            case PathKind.File: File.Delete(path); break;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    }

    private static async Task WriteFileAsync(string path, TarEntry entry, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        // Readable by the owner alone until the archive's mode is applied, for a secret copied out.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new FileStream(path, options))
            if (entry.DataStream is { } data) await data.CopyToAsync(file, cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, entry.Mode);
        File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
    }
}
