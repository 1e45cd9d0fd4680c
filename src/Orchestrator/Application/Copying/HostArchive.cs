using System.Formats.Tar;

namespace Composer.Orchestrator.Application;

/// <summary>A file or directory on the host that `cp` sends into a container.</summary>
internal sealed record HostSource(string Path, bool IsDirectory, string Name)
{
    /// <summary>
    /// The source as `docker cp` takes it: a symlink is copied as the link itself unless
    /// <paramref name="followLink"/> (or a trailing "/" or "/." that goes through it) asks for its
    /// target, which is then copied under the link's name.
    /// </summary>
    public static HostSource Resolve(string argument, bool followLink)
    {
        var path = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(argument));
        // Made absolute, "dir/." lost its "/.": the name comes from what was typed.
        var name = CopyPaths.AsksForContents(argument) ? "." : CopyPaths.BaseName(CopyPaths.Clean(path));
        var link = new FileInfo(path);
        if (link.LinkTarget is not null)
        {
            if (!followLink && !CopyPaths.AssertsDirectory(argument)) return new(path, false, name);
            path = link.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        if (Directory.Exists(path)) return new(path, true, name);
        if (File.Exists(path)) return new(path, false, name);
        throw new IOException($"{argument}: no such file or directory");
    }

    public FileSystemInfo Info => IsDirectory ? new DirectoryInfo(Path) : new FileInfo(Path);
}

/// <summary>
/// Writes a host tree as the tar archive the engine extracts into a container: every entry named
/// for the <see cref="CopyTarget"/>, and owned by root unless ownership is kept (`cp -a`).
/// </summary>
internal static class HostArchive
{
    // Dotfiles are copied too: the default options would skip "hidden" entries.
    private static readonly EnumerationOptions EveryEntry = new() { AttributesToSkip = 0, IgnoreInaccessible = false };

    public static async Task WriteAsync(Stream output, HostSource source, CopyTarget target, bool keepOwnership, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await WriteTreeAsync(writer, source.Info, target.EntryName(""), keepOwnership, cancellationToken);
    }

    private static async Task WriteTreeAsync(TarWriter writer, FileSystemInfo item, string name, bool keepOwnership, CancellationToken cancellationToken)
    {
        // An empty name is the top of a "dir/." copy into an existing directory: its contents only.
        if (name.Length > 0) await WriteEntryAsync(writer, item, name, keepOwnership, cancellationToken);
        // A link to a directory is written as the link, never walked into.
        if (item is not DirectoryInfo { LinkTarget: null } directory) return;
        foreach (var child in directory.EnumerateFileSystemInfos("*", EveryEntry).OrderBy(c => c.Name, StringComparer.Ordinal))
            await WriteTreeAsync(writer, child, name.Length == 0 ? child.Name : $"{name}/{child.Name}", keepOwnership, cancellationToken);
    }

    private static async Task WriteEntryAsync(TarWriter writer, FileSystemInfo item, string name, bool keepOwnership, CancellationToken cancellationToken)
    {
        // Only TarWriter reads a file's owner (and tells a fifo or a device from an empty file):
        // it describes the file itself when the owner is kept.
        if (keepOwnership)
        {
            await writer.WriteEntryAsync(item.FullName, name, cancellationToken);
            return;
        }
        var entry = item switch
        {
            { LinkTarget: { } target } => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target },
            DirectoryInfo => new PaxTarEntry(TarEntryType.Directory, name),
            FileInfo { Length: > 0 } file => new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = file.OpenRead() },
            // Empty, or a fifo or device that only looks empty: TarWriter tells which; the owner is left out.
            _ => WithoutOwner(await DescribeAsync(item.FullName, name, cancellationToken)),
        };
        if (entry.EntryType is not TarEntryType.SymbolicLink)
        {
            entry.Mode = item.UnixFileMode;
            entry.ModificationTime = item.LastWriteTimeUtc;
        }
        await using (entry.DataStream)
            await writer.WriteEntryAsync(entry, cancellationToken);
    }

    private static async Task<TarEntry> DescribeAsync(string path, string name, CancellationToken cancellationToken)
    {
        using var scratch = new MemoryStream();
        await using (var probe = new TarWriter(scratch, TarEntryFormat.Pax, leaveOpen: true))
            await probe.WriteEntryAsync(path, name, cancellationToken);
        scratch.Position = 0;
        await using var reader = new TarReader(scratch);
        return await reader.GetNextEntryAsync(copyData: true, cancellationToken)
            ?? throw new InvalidDataException($"{path} could not be described as a tar entry");
    }

    /// <summary>The same entry with uid and gid 0, as a file copied in without -a belongs to root.</summary>
    private static PaxTarEntry WithoutOwner(TarEntry described)
    {
        var entry = new PaxTarEntry(described.EntryType, described.Name)
        {
            Mode = described.Mode,
            ModificationTime = described.ModificationTime,
        };
        // Only a regular file takes a data stream (one that was empty when looked at, or a moment later is not).
        if (described.DataStream is { } data) entry.DataStream = data;
        if (described.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink) entry.LinkName = described.LinkName;
        if (described is PosixTarEntry { EntryType: TarEntryType.CharacterDevice or TarEntryType.BlockDevice } device)
        {
            entry.DeviceMajor = device.DeviceMajor;
            entry.DeviceMinor = device.DeviceMinor;
        }
        return entry;
    }
}
