namespace Composer.Orchestrator.Application;

/// <summary>
/// Where an entry of a container's archive may land on the host, and what a link in it may name.
/// The archive comes from a container, which anyone able to run code in it controls: every name and
/// link target is checked so that extraction writes, links and reads inside the destination only.
/// </summary>
internal static class ExtractionPaths
{
    /// <summary>An entry's path below the archive's top ("" for the top itself).</summary>
    public static string RelativeToRoot(string entryName, string archiveRoot)
    {
        var name = entryName.TrimEnd('/');
        if (archiveRoot == ".")
            return name == "." ? "" : name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        if (name == archiveRoot) return "";
        if (name.StartsWith(archiveRoot + "/", StringComparison.Ordinal)) return name[(archiveRoot.Length + 1)..];
        throw new InvalidDataException($"the archive holds {entryName}, outside of {archiveRoot}");
    }

    /// <summary>
    /// The host path of an entry, which must stay inside <paramref name="directory"/>: no ".." (nor
    /// an absolute name) in it, and no symlink on the way, whether the archive just made it (it
    /// could point anywhere) or it was there before. Stricter than docker cp, which follows a link
    /// it made inside the destination: an archive of a real file system never needs that.
    /// </summary>
    public static string Inside(string directory, string name)
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

    /// <summary>
    /// docker cp's rule for a symlink named <paramref name="name"/> (relative to the destination):
    /// a relative target must resolve inside the destination; an absolute one is written as it is
    /// (it means a path in the container, and nothing here follows it). Resolved lexically, and a
    /// target that steps out and back in counts as leaving: the way back in would depend on the
    /// names of the host's directories above the destination.
    /// </summary>
    public static bool SymlinkLeaves(string name, string linkTarget)
    {
        if (linkTarget.StartsWith('/')) return false;
        var depth = name.Split('/').Length - 1;
        foreach (var part in linkTarget.Split('/'))
        {
            if (part == "..") { if (--depth < 0) return true; }
            else if (part is not ("" or ".")) depth++;
        }
        return false;
    }

    /// <summary>What is at a path, a symlink counting as a file (it is replaced, not followed).</summary>
    public static PathKind KindOf(string path) =>
        new FileInfo(path).LinkTarget is not null || File.Exists(path) ? PathKind.File
        : Directory.Exists(path) ? PathKind.Directory
        : PathKind.Missing;
}
