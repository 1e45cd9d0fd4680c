using System.Runtime;
using Composer.Model;

namespace Composer.Orchestrator.Cli;

/// <summary>
/// Loads a project with the garbage collector held off. Nearly everything a load allocates stays alive until it
/// ends (the YAML tree, the merged trees, the model), so a collection during it only copies live objects from one
/// generation to the next: a third of a cold `config` of 1000 services went to two such collections (measured with
/// perf on the native executable; scripts/bench-config times it). A command-line process asks the runtime for a
/// region without collections around the load; past <see cref="Budget"/> the runtime collects and the region ends
/// by itself, so a huge project costs memory no more than it did.
/// The agent, a long-running process with other work on other threads, loads without it.
/// </summary>
internal static class UninterruptedLoad
{
    /// <summary>About twice what a 1000-service project allocates while loading (34 MB).</summary>
    internal const long Budget = 64L * 1024 * 1024;

    public static Project Load(ProjectOptions options)
    {
        var held = Hold();
        try
        {
            return ProjectLoader.Load(options);
        }
        finally
        {
            // The region has already ended if the load went past the budget; ending it again would throw.
            if (held && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
    }

    private static bool Hold()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return false;
        try
        {
            return GC.TryStartNoGCRegion(Budget);
        }
        catch (Exception error) when (error is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // A runtime whose young generation cannot hold the budget: load with collections, as before.
            return false;
        }
    }
}
