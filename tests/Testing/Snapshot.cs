using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace Composer.Testing;

/// <summary>
/// Our small stand-in for Verify.Xunit (not in the NuGet copy): compares text with
/// <c>NAME.verified.txt</c> beside the calling test file. On a mismatch it writes
/// <c>NAME.received.txt</c> and fails; set COMPOSER_ACCEPT_SNAPSHOTS=1 to accept received text.
/// A missing verified file fails too, so a snapshot can never pass without being reviewed.
/// </summary>
public static class Snapshot
{
    public static void Verify(string actual, string name, [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "snapshots");
        var verifiedPath = Path.Combine(folder, name + ".verified.txt");
        var receivedPath = Path.Combine(folder, name + ".received.txt");
        var normalized = Normalize(actual);

        var expected = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (expected == normalized)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(folder);
        if (Environment.GetEnvironmentVariable("COMPOSER_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verifiedPath, normalized);
            return;
        }

        File.WriteAllText(receivedPath, normalized);
        throw new XunitException(expected is null
            ? $"No verified snapshot at {verifiedPath}; review {receivedPath} and rename it."
            : $"Snapshot {name} differs from {verifiedPath}; see {receivedPath}.\n--- expected\n{expected}\n--- actual\n{normalized}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";
}
