using System.Formats.Tar;

namespace Composer.Engine.Build;

/// <summary>A directory packed as the tar the engine builds from, without what .dockerignore leaves out.</summary>
public static class BuildContext
{
    /// <summary>A Dockerfile that lives outside the context: the name it gets inside the archive, and its content.</summary>
    public sealed record ExtraDockerfile(string Name, byte[] Content);

    /// <summary>The Dockerfile as an extra archive entry when its path leads out of the context directory; null when it is inside.</summary>
    public static ExtraDockerfile? DockerfileOutside(string directory, string dockerfile)
    {
        var full = Path.GetFullPath(Path.Combine(directory, dockerfile));
        var relative = Path.GetRelativePath(Path.GetFullPath(directory), full);
        if (!(relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))) return null;
        if (!File.Exists(full)) throw new FileNotFoundException($"Dockerfile not found: {full}", full);
        var content = File.ReadAllBytes(full);
        var name = ".dockerfile." + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..12];
        return new ExtraDockerfile(name, content);
    }

    /// <summary>An inline Dockerfile (`dockerfile_inline`) as an archive entry of its own, named after its content.</summary>
    public static ExtraDockerfile Inline(string text)
    {
        var content = System.Text.Encoding.UTF8.GetBytes(text);
        return new ExtraDockerfile(".dockerfile.inline." + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..12], content);
    }

    public static async Task<MemoryStream> PackAsync(string directory, string dockerfile, CancellationToken cancellationToken, ExtraDockerfile? extra = null)
    {
        var ignore = DockerIgnore.Load(directory);
        var alwaysSent = new HashSet<string>(StringComparer.Ordinal) { dockerfile.Replace('\\', '/').TrimStart('.', '/'), ".dockerignore" };
        var archive = new MemoryStream();
        await using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var path in Walk(directory, directory, ignore, alwaysSent))
            {
                cancellationToken.ThrowIfCancellationRequested();
                // A socket cannot be archived; the docker CLI leaves sockets out of the context, and so do we.
                if (Platform.UnixFile.KindOf(path, followLinks: false) == Platform.UnixFileKind.Socket) continue;
                var name = Path.GetRelativePath(directory, path).Replace('\\', '/');
                await writer.WriteEntryAsync(path, name, cancellationToken).ConfigureAwait(false);
            }
            if (extra is not null)
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, extra.Name)
                {
                    DataStream = new MemoryStream(extra.Content), Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                }, cancellationToken).ConfigureAwait(false);
        }
        archive.Position = 0;
        return archive;
    }

    private static IEnumerable<string> Walk(string root, string directory, DockerIgnore ignore, HashSet<string> alwaysSent)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, entry).Replace('\\', '/');
            var isDirectory = Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint);
            var excluded = ignore.IsExcluded(relative) && !alwaysSent.Contains(relative);
            if (!excluded) yield return entry;
            // An excluded directory is still walked when a `!` rule may re-include something in it.
            if (isDirectory && (!excluded || ignore.HasExclusions))
                foreach (var child in Walk(root, entry, ignore, alwaysSent)) yield return child;
        }
    }
}
