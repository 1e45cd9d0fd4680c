using System.Runtime.InteropServices;

namespace Composer.Platform;

/// <summary>What a path is on a Unix file system; .NET's own API tells only files, directories and links apart.</summary>
internal enum UnixFileKind { Regular, Directory, Symlink, Fifo, CharacterDevice, BlockDevice, Socket, Other }

/// <summary>
/// The kind of a path, from .NET's portable stat shim (statically linked into AOT binaries, shipped with the
/// runtime otherwise). Needed before opening anything a user points at: opening a FIFO blocks until someone
/// writes to it, and a socket or device cannot be read as a file. This file is compiled into the Model and the
/// Engine projects alike (linked, one source), which share no other code.
/// </summary>
internal static class UnixFile
{
    /// <summary>The kind of <paramref name="path"/> (of a link itself unless <paramref name="followLinks"/>); null when it cannot be told (missing, Windows, no shim).</summary>
    public static UnixFileKind? KindOf(string path, bool followLinks = true)
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            if ((followLinks ? Stat(path, out var status) : LStat(path, out status)) != 0) return null;
            return (status.Mode & 0xF000) switch
            {
                0x8000 => UnixFileKind.Regular,
                0x4000 => UnixFileKind.Directory,
                0xA000 => UnixFileKind.Symlink,
                0x1000 => UnixFileKind.Fifo,
                0x2000 => UnixFileKind.CharacterDevice,
                0x6000 => UnixFileKind.BlockDevice,
                0xC000 => UnixFileKind.Socket,
                _ => UnixFileKind.Other,
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // The shim's FileStatus starts with Flags then Mode, with the S_IF* type bits normalized across platforms. Only
    // those two fields are read; the rest of the struct is padding large enough for any runtime's layout.
    [StructLayout(LayoutKind.Sequential)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
        private Padding _rest;
    }

    [System.Runtime.CompilerServices.InlineArray(64)]
    private struct Padding { private long _element; }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);
}
