using Composer.Engine.Build;
using Composer.Model;

namespace Composer.Reconciler.Watch;

/// <summary>
/// Whether a changed host path counts for one watch rule, as docker compose decides: under the
/// rule's path; not an editor's or git's scratch file; not matched by the rule's `ignore`
/// (relative to the rule's path) nor by the build context's .dockerignore (relative to the
/// context); and, when the rule has `include`, matched by one of those.
/// </summary>
public sealed class WatchFilter
{
    // Files editors and tools write beside the real ones (vim's swap and 4913 probe, emacs locks,
    // JetBrains' safe-write copies, kate, Office, git's own tree): never worth a sync or a rebuild.
    private static readonly DockerIgnore Scratch = new([
        "**/.#*", "**/#*#", "**/4913", "**/*~", "**/.*.swp", "**/.*.swx", "**/.*.swo", "**/.*.swn",
        "**/*.kate-swp", "**/*___jb_old___", "**/*___jb_tmp___", "**/.idea", "**/~$*", "**/.DS_Store", "**/.git",
    ]);

    private readonly WatchRule _rule;
    private readonly DockerIgnore _ignore;
    private readonly DockerIgnore? _include;
    private readonly DockerIgnore? _dockerIgnore;
    private readonly string? _context;

    public WatchFilter(WatchRule rule, string? buildContext, DockerIgnore? dockerIgnore)
    {
        _rule = rule;
        _ignore = new DockerIgnore(rule.Ignore);
        _include = rule.Include.IsEmpty ? null : new DockerIgnore(rule.Include);
        _context = buildContext;
        _dockerIgnore = dockerIgnore;
    }

    /// <summary>
    /// The filter for a rule of <paramref name="service"/>, with the ignore file its build reads:
    /// `&lt;Dockerfile&gt;.dockerignore` when there is one (as docker compose looks first), else the context's .dockerignore.
    /// </summary>
    public static WatchFilter For(WatchRule rule, ServiceConfig service)
    {
        if (service.Build is not { } build || !Directory.Exists(build.Context)) return new WatchFilter(rule, null, null);
        var specific = Path.Combine(build.Context, build.Dockerfile + ".dockerignore");
        var ignore = File.Exists(specific) ? new DockerIgnore(File.ReadAllLines(specific)) : DockerIgnore.Load(build.Context);
        return new WatchFilter(rule, build.Context, ignore);
    }

    public bool Accepts(string hostPath)
    {
        if (Relative(_rule.Path, hostPath) is not { } relative) return false;
        // A rule on one file judges the file by its name.
        var name = relative.Length == 0 ? Path.GetFileName(hostPath) : relative;
        if (Scratch.IsExcluded(name) || _ignore.IsExcluded(name)) return false;
        if (_include is not null && !_include.IsExcluded(name)) return false;
        if (_context is not null && _dockerIgnore is not null && Relative(_context, hostPath) is { Length: > 0 } inContext && _dockerIgnore.IsExcluded(inContext))
            return false;
        return true;
    }

    /// <summary>'/'-separated path of <paramref name="path"/> below <paramref name="root"/>, "" for the root itself, null when outside.</summary>
    public static string? Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == ".") return "";
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return null;
        return relative.Replace('\\', '/');
    }
}
