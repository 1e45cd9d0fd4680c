using System.Runtime;
using Composer.Model;
using Composer.Orchestrator.Cli;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>The CLI's load with the garbage collector held off: the project as any load gives it, and the region over after it.</summary>
[Collection(nameof(GcRegionCollection))]
public sealed class UninterruptedLoadTests
{
    [Fact]
    public void A_load_gives_the_project_and_leaves_no_region_behind_even_when_it_fails()
    {
        var directory = Directory.CreateTempSubdirectory("composer-gc-region-");
        try
        {
            var file = Path.Combine(directory.FullName, "compose.yaml");
            File.WriteAllText(file, "services:\n  web:\n    image: nginx\n");
            var options = new ProjectOptions { ConfigFiles = [file], WorkingDirectory = directory.FullName, Environment = new Dictionary<string, string>() };

            var project = UninterruptedLoad.Load(options);
            Assert.Equal(["web"], project.Services.Keys);
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);

            File.WriteAllText(file, "services:\n  web:\n    image: [\n");
            Assert.Throws<ComposeModelException>(() => UninterruptedLoad.Load(options));
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

/// <summary>The region is the process's: tests that start one do not run beside each other.</summary>
[CollectionDefinition(nameof(GcRegionCollection), DisableParallelization = true)]
public sealed class GcRegionCollection;
