using System.Runtime.InteropServices;

namespace Composer.Orchestrator.Cli;

/// <summary>
/// A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored across
/// exec; the .NET runtime then leaves it so, and `kill -INT` (how scripts and supervisors stop an
/// attached `composer up`) would do nothing. docker compose reacts to it wherever it was started,
/// so we put SIGINT back to its default before anything installs handlers. A disposition inherited
/// across exec is only ever "default" or "ignore", so this never drops a handler.
/// </summary>
internal static partial class InheritedSignals
{
    private const int SigInt = 2;
    private static readonly nint Default = 0;

    public static void HonourInterrupts()
    {
        if (OperatingSystem.IsWindows()) return;
        try { _ = Signal(SigInt, Default); }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException) { } // an unusual libc: keep what we inherited
    }

    [DllImport("libc", EntryPoint = "signal")]
    private static extern nint Signal(int signal, nint handler);
}
