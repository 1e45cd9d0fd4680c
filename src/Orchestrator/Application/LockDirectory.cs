using System.Runtime.InteropServices;

namespace Composer.Orchestrator.Application;

/// <summary>
/// Where project locks live. Not under $TMPDIR, $HOME or $XDG_RUNTIME_DIR: two composers that
/// see different environments (a shell, a cron job, the agent under systemd) must still find the
/// same lock, or both create the project's network. Chosen by the effective user alone:
/// <list type="bullet">
/// <item>root (the agent, sudo): /run/composer/locks, on the tmpfs only root can write, emptied at boot as locks should be;</item>
/// <item>anyone else: /tmp/composer-locks-UID, theirs alone (0700), since /run is not writable to them
/// and a directory shared by all users would let any one of them hold every lock.</item>
/// </list>
/// Different users therefore hold different locks; what they race on in a shared engine is caught
/// there (duplicate networks settled, name conflicts looked at again: see the reconciler).
/// </summary>
internal static partial class LockDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string Path => _path ??= Choose();
    private static string? _path;

    private static string Choose()
    {
        if (OperatingSystem.IsWindows()) return Prepared(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "composer-locks"));
        var user = GetEffectiveUserId();
        if (user == 0)
        {
            try { return Prepared("/run/composer/locks"); }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException) { } // no /run (a bare container): /tmp below
        }
        return Prepared($"/tmp/composer-locks-{user}");
    }

    /// <summary>Created for its owner alone; one that exists must be a real directory of that kind, or a lock in it proves nothing.</summary>
    private static string Prepared(string path)
    {
        var directory = OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, OwnerOnly);
        if (!OperatingSystem.IsWindows() && (directory.LinkTarget is not null || directory.UnixFileMode != OwnerOnly))
            throw new IOException($"refusing to keep project locks in {path}: it must be a directory only its owner can use (mode 0700, not a symlink)");
        return path;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
