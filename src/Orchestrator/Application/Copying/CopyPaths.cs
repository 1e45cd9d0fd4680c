namespace Composer.Orchestrator.Application;

/// <summary>One side of `cp`: SERVICE:PATH is a path in a service's container, anything else a host path or `-`.</summary>
internal readonly record struct CopyEndpoint(string? Service, string Path)
{
    /// <summary>As Compose splits it: an absolute path, or one starting with ".", is the host's even with a colon in it (./a:b).</summary>
    public static CopyEndpoint Parse(string argument)
    {
        var colon = argument.IndexOf(':');
        if (argument.StartsWith('/') || argument.StartsWith('.') || colon < 0) return new(null, argument);
        return new(argument[..colon], argument[(colon + 1)..]);
    }

    /// <summary>`-`: the tar stream itself, on stdin or stdout.</summary>
    public bool IsStream => Service is null && Path == "-";
}

internal enum PathKind { Missing, File, Directory }

/// <summary>
/// Slash-separated paths, read as `docker cp` reads them: container paths always, host paths once
/// made absolute (composer runs on unix hosts, where they are slash-separated too).
/// </summary>
internal static class CopyPaths
{
    /// <summary>"dir/." asks for what is in the directory, not the directory itself.</summary>
    public static bool AsksForContents(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed == "." || trimmed.EndsWith("/.", StringComparison.Ordinal);
    }

    /// <summary>A trailing slash (or "/.") promises a directory: copying a file there must not create a file of that name.</summary>
    public static bool AssertsDirectory(string path) => path.EndsWith('/') || AsksForContents(path);

    /// <summary>Absolute and lexically clean ("." and ".." resolved, no trailing slash): a container path, relative ones taken from /.</summary>
    public static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); }
            else if (part != ".") parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    public static string Parent(string cleaned) => cleaned.LastIndexOf('/') is > 0 and var slash ? cleaned[..slash] : "/";

    public static string BaseName(string cleaned) => cleaned == "/" ? "/" : cleaned[(cleaned.LastIndexOf('/') + 1)..];

    public static string Join(string directory, string name) => directory.EndsWith('/') ? directory + name : $"{directory}/{name}";

    /// <summary>The name a source is copied under: its last component, or "." when only its contents are wanted.</summary>
    public static string SourceName(string path) => AsksForContents(path) ? "." : BaseName(Clean(path));
}

/// <summary>
/// Where a copied tree lands: it is extracted into <see cref="Directory"/>, its top entry named
/// <see cref="Name"/>; an empty name puts the source's contents straight into the directory.
/// </summary>
internal sealed record CopyTarget(string Directory, string Name)
{
    /// <summary>
    /// `docker cp`'s rules: into an existing directory the source keeps its name; an existing
    /// file is replaced by a file; a missing path (in an existing parent) is created with its own name.
    /// </summary>
    /// <param name="sourceName">From <see cref="CopyPaths.SourceName"/>.</param>
    /// <param name="destination">The destination, symlinks at its end already followed.</param>
    /// <param name="destinationAssertsDirectory">The destination as typed ended in "/" or "/.".</param>
    public static CopyTarget Plan(string sourceName, bool sourceIsDirectory, string destination, PathKind destinationKind, bool destinationAssertsDirectory)
    {
        var cleaned = CopyPaths.Clean(destination);
        return destinationKind switch
        {
            PathKind.Directory => new(cleaned, sourceName == "." ? "" : sourceName),
            PathKind.File when sourceIsDirectory => throw new IOException($"cannot copy a directory to {destination}: it is a file"),
            PathKind.Missing when !sourceIsDirectory && destinationAssertsDirectory =>
                throw new IOException($"destination directory {destination} does not exist"),
            _ => new(CopyPaths.Parent(cleaned), CopyPaths.BaseName(cleaned)),
        };
    }

    /// <summary>The name an entry gets, from its path relative to the source's top ("" for the top itself); "" when it is not written.</summary>
    public string EntryName(string relative) =>
        Name.Length == 0 ? relative : relative.Length == 0 ? Name : $"{Name}/{relative}";
}
