using Composer.Engine.Build;
using Composer.Platform;

namespace Composer.Engine.BuildKit;

/// <summary>
/// One local directory BuildKit may read through the session ("context" or "dockerfile"), sent
/// with fsutil's DiffCopy protocol: every entry's stat in walk order (parents before children,
/// names in byte order, as Go's filepath.Walk), an empty stat to end the list, then the content of
/// the files the engine asks for (by the index of their stat) in chunks, an empty chunk ending
/// each file, until the engine says it is finished.
/// </summary>
internal static class FileSync
{
    private const int PacketStat = 0, PacketRequest = 1, PacketData = 2, PacketFinish = 3, PacketError = 4;
    private const int ChunkSize = 32 * 1024;

    // Go's os.FileMode bits, which fsutil's Stat.mode carries.
    internal const uint GoModeDir = 1u << 31, GoModeSymlink = 1u << 27, GoModeNamedPipe = 1u << 25,
        GoModeSetuid = 1u << 23, GoModeSetgid = 1u << 22, GoModeSticky = 1u << 20;

    /// <summary>
    /// An entry as sent: its path relative to the root ('/'-separated), where it lives on disk, and for what is
    /// neither directory nor link, what kind of file it is (null when that cannot be told: taken as regular).
    /// </summary>
    internal sealed record Entry(string Path, string FullPath, bool IsDirectory, bool IsSymlink, UnixFileKind? Kind = null)
    {
        /// <summary>
        /// Whether the engine will ask for its content: as fsutil sends them, a FIFO is only a name (the engine makes
        /// a FIFO of it) and a socket is an empty file (its content is asked for, and nothing is sent).
        /// </summary>
        public bool HasContent => !IsDirectory && !IsSymlink && Kind != UnixFileKind.Fifo;
    }

    public static async Task DiffCopyAsync(GrpcCall call, string root, CancellationToken cancellationToken)
    {
        var entries = Walk(root, call.Metadata("include-patterns"), call.Metadata("exclude-patterns")).ToList();
        var files = new Dictionary<uint, Entry>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.HasContent) files[(uint)i] = entry;
            await call.WriteMessageAsync(Packet(PacketStat, Stat(entry)), cancellationToken).ConfigureAwait(false);
        }
        await call.WriteMessageAsync(Packet(PacketStat, null), cancellationToken).ConfigureAwait(false);

        while (await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            var (type, id, data) = ReadPacket(message);
            switch (type)
            {
                case PacketRequest:
                    if (!files.Remove(id, out var file)) throw new InvalidDataException($"the engine asked for unknown file {id}");
                    if (file.Kind == UnixFileKind.Socket) await call.WriteMessageAsync(Packet(PacketData, null, id), cancellationToken).ConfigureAwait(false);
                    else await SendFileAsync(call, id, file.FullPath, cancellationToken).ConfigureAwait(false);
                    break;
                case PacketFinish:
                    await call.WriteMessageAsync(Packet(PacketFinish, null), cancellationToken).ConfigureAwait(false);
                    await call.FinishAsync(GrpcStatus.Ok, null, cancellationToken).ConfigureAwait(false);
                    return;
                case PacketError:
                    throw new InvalidDataException($"error from the engine: {System.Text.Encoding.UTF8.GetString(data)}");
            }
        }
        await call.FinishAsync(GrpcStatus.Ok, null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task SendFileAsync(GrpcCall call, uint id, string path, CancellationToken cancellationToken)
    {
        // Streamed: one chunk in memory at a time, however large the file.
        await using (var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, ChunkSize, useAsync: true))
        {
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                await call.WriteMessageAsync(Packet(PacketData, null, id, buffer.AsSpan(0, read)), cancellationToken).ConfigureAwait(false);
        }
        await call.WriteMessageAsync(Packet(PacketData, null, id), cancellationToken).ConfigureAwait(false);
    }

    internal static byte[] Packet(int type, ProtoWriter? stat, uint id = 0, ReadOnlySpan<byte> data = default)
    {
        var packet = new ProtoWriter().Varint(1, (ulong)type);
        if (stat is not null) packet.Message(2, stat);
        return packet.Varint(3, id).Bytes(4, data).ToArray();
    }

    internal static (int Type, uint Id, byte[] Data) ReadPacket(byte[] message)
    {
        int type = 0;
        uint id = 0;
        var data = Array.Empty<byte>();
        foreach (var field in ProtoReader.Fields(message))
        {
            if (field.Number == 1) type = (int)field.Varint;
            else if (field.Number == 3) id = (uint)field.Varint;
            else if (field.Number == 4) data = field.Bytes.ToArray();
        }
        return (type, id, data);
    }

    private static ProtoWriter Stat(Entry entry)
    {
        var info = new FileInfo(entry.FullPath);
        var mode = GoMode(entry.FullPath, entry.IsDirectory, entry.IsSymlink);
        if (entry.Kind == UnixFileKind.Fifo) mode |= GoModeNamedPipe;
        // Owner 0:0, as the docker CLI maps the context's files (its resetUIDAndGID).
        var stat = new ProtoWriter().String(1, entry.Path).Varint(2, mode);
        if (entry.HasContent || entry.IsSymlink) stat.Varint(5, (ulong)(entry.IsSymlink ? (info.LinkTarget?.Length ?? 0) : info.Length));
        stat.Varint(6, (ulong)((info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100));
        if (entry.IsSymlink) stat.String(7, info.LinkTarget);
        return stat;
    }

    internal static uint GoMode(string path, bool isDirectory, bool isSymlink)
    {
        var unix = OperatingSystem.IsWindows() ? (isDirectory ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4) : File.GetUnixFileMode(path);
        var mode = (uint)unix & 0x1FF;
        if ((unix & UnixFileMode.SetUser) != 0) mode |= GoModeSetuid;
        if ((unix & UnixFileMode.SetGroup) != 0) mode |= GoModeSetgid;
        if ((unix & UnixFileMode.StickyBit) != 0) mode |= GoModeSticky;
        if (isSymlink) return GoModeSymlink | 0x1FF;
        if (isDirectory) mode |= GoModeDir;
        return mode;
    }

    /// <summary>
    /// The entries sent for a directory: what the include patterns select (everything when there
    /// are none) minus what the exclude patterns (.dockerignore, which the engine reads and sends)
    /// leave out. A directory is sent when it is selected itself or when something below it is.
    /// </summary>
    internal static IEnumerable<Entry> Walk(string root, IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        var include = includes.Count > 0 ? new DockerIgnore(includes) : null;
        var exclude = new DockerIgnore(excludes);
        var output = new List<Entry>();
        WalkInto(root, "", include, includes, exclude, [], output);
        return output;
    }

    private static void WalkInto(string directory, string prefix, DockerIgnore? include, IReadOnlyList<string> includes, DockerIgnore exclude,
        List<Entry> pending, List<Entry> output)
    {
        foreach (var full in Directory.EnumerateFileSystemEntries(directory).OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal))
        {
            var name = Path.GetFileName(full);
            var relative = prefix + name;
            var attributes = File.GetAttributes(full);
            var isSymlink = attributes.HasFlag(FileAttributes.ReparsePoint);
            var isDirectory = !isSymlink && attributes.HasFlag(FileAttributes.Directory);
            var entry = new Entry(relative, full, isDirectory, isSymlink, isDirectory || isSymlink ? null : SpecialKind(full, relative));

            // IsExcluded of the include set means: the path or one of its parents matches a pattern.
            var selected = include is null || include.IsExcluded(relative);
            var excluded = exclude.IsExcluded(relative);
            if (selected && !excluded)
            {
                output.AddRange(pending);
                pending.Clear();
                output.Add(entry);
                if (isDirectory) WalkInto(full, relative + "/", include, includes, exclude, [], output);
                continue;
            }
            if (!isDirectory) continue;
            // Not sent itself, but something below may be: an include pattern reaching into it, or a `!` re-including.
            var mayHoldSelected = excluded ? exclude.HasExclusions : include is not null && includes.Any(p => MayReachInto(p, relative));
            if (!mayHoldSelected) continue;
            var mark = pending.Count;
            pending.Add(entry);
            WalkInto(full, relative + "/", include, includes, exclude, pending, output);
            if (pending.Count > mark) pending.RemoveRange(mark, pending.Count - mark);
        }
    }

    /// <summary>
    /// The kind of a file that is not a directory or link. Devices are refused: fsutil would have the engine make
    /// the device node, which needs its numbers, and a device in a build context is almost always a mistake.
    /// </summary>
    private static UnixFileKind? SpecialKind(string full, string relative) => UnixFile.KindOf(full, followLinks: false) switch
    {
        UnixFileKind.CharacterDevice or UnixFileKind.BlockDevice =>
            throw new InvalidDataException($"the build context holds a device file, {relative}, which composer does not send; leave it out with .dockerignore"),
        var kind => kind,
    };

    /// <summary>Whether a pattern could select something below a directory (its leading segments match the directory's).</summary>
    internal static bool MayReachInto(string pattern, string directory)
    {
        var patternParts = pattern.Trim().TrimStart('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var directoryParts = directory.Split('/');
        for (var i = 0; i < directoryParts.Length; i++)
        {
            if (i >= patternParts.Length) return false;
            if (patternParts[i] == "**") return true;
            if (!new DockerIgnore([patternParts[i]]).IsExcluded(directoryParts[i])) return false;
        }
        return true;
    }
}
