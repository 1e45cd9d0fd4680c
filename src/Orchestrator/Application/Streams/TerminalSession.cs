using System.Runtime.InteropServices;
using Composer.Engine;

namespace Composer.Orchestrator.Application;

/// <summary>
/// A remote TTY on our terminal: our terminal goes raw (keys pass through untouched, the remote
/// TTY echoes them), keys are forwarded over the engine's upgraded connection, output is copied
/// back until the remote side ends, and the terminal is restored however the session ends.
/// </summary>
internal static class TerminalSession
{
    public static async Task RunAsync(HijackedConnection connection, Func<int, int, Task> resize, CancellationToken cancellationToken)
    {
        try { await resize(Console.WindowHeight, Console.WindowWidth); }
        catch (Exception error) when (error is EngineApiException or IOException or InvalidOperationException) { }

        // fd 0 read directly: .NET's console stdin stream re-applies its own terminal settings before
        // every read, which would undo raw mode.
        using var stdin = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 1);
        using var stdout = Console.OpenStandardOutput();
        using var raw = RawTerminal.Enter();
        try
        {
            // The keyboard pump has no natural end (a read on a terminal blocks): it is abandoned when output ends.
            _ = stdin.CopyToAsync(connection.Stream, cancellationToken);
            await connection.Stream.CopyToAsync(stdout, cancellationToken);
        }
        catch (IOException) { }
    }
}

/// <summary>
/// Our terminal in raw mode (no local echo, no line editing, keys such as Ctrl-C passed through to
/// the container) until disposed. Set through libc rather than an `stty` child: .NET restores its
/// own terminal settings around child processes, which would undo stty's.
/// </summary>
internal sealed partial class RawTerminal : IDisposable
{
    private const int StdinFd = 0;
    private const int TcsaNow = 0;
    // struct termios is 60 bytes on Linux; a larger buffer leaves room on other ABIs.
    private readonly byte[]? _saved;

    private RawTerminal(byte[]? saved) => _saved = saved;

    public static RawTerminal Enter()
    {
        var saved = new byte[256];
        if (TcGetAttr(StdinFd, saved) != 0) return new RawTerminal(null);
        var raw = (byte[])saved.Clone();
        CfMakeRaw(raw);
        return TcSetAttr(StdinFd, TcsaNow, raw) == 0 ? new RawTerminal(saved) : new RawTerminal(null);
    }

    public void Dispose()
    {
        if (_saved is not null) _ = TcSetAttr(StdinFd, TcsaNow, _saved);
    }

    [LibraryImport("libc", EntryPoint = "tcgetattr")]
    private static partial int TcGetAttr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr")]
    private static partial int TcSetAttr(int fd, int actions, byte[] termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw([In, Out] byte[] termios);
}
