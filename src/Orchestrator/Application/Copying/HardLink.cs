using System.Runtime.InteropServices;

namespace Composer.Orchestrator.Application;

/// <summary>
/// A second name for an existing entry, made by the file system (.NET has no API for it). The
/// existing name is never followed: a hard link to a symlink is a second symlink, as `docker cp`
/// writes it, so making one never reads what the symlink points at.
/// </summary>
internal static partial class HardLink
{
    // linkat's "relative to the working directory" and "do not follow a symlink at the end" (flags 0):
    // plain link() leaves following to the platform, linkat(…, 0) says it.
    private const int AtWorkingDirectory = -100;
    private const int DoNotFollow = 0;

    public static void Create(string existing, string newName)
    {
        if (LinkAt(AtWorkingDirectory, existing, AtWorkingDirectory, newName, DoNotFollow) == 0) return;
        var error = Marshal.GetLastPInvokeError();
        throw new IOException($"cannot link {newName} to {existing}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkAt(int existingDirectory, string existing, int newDirectory, string newName, int flags);
}
