using System.Formats.Tar;

namespace Composer.Engine.Build;

/// <summary>A directory packed as the tar the engine builds from, without what .dockerignore leaves out.</summary>
public static class BuildContext
{
    public static async Task<MemoryStream> PackAsync(string directory, string dockerfile, CancellationToken cancellationToken)
    {
        var ignore = DockerIgnore.Load(directory);
        var alwaysSent = new HashSet<string>(StringComparer.Ordinal) { dockerfile.Replace('\\', '/').TrimStart('.', '/'), ".dockerignore" };
        var archive = new MemoryStream();
        await using (var writer = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var path in Walk(directory, directory, ignore, alwaysSent))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetRelativePath(directory, path).Replace('\\', '/');
                await writer.WriteEntryAsync(path, name, cancellationToken).ConfigureAwait(false);
            }
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
