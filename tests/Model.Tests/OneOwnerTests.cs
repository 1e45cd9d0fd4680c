using System.Runtime.CompilerServices;

namespace Composer.Model.Tests;

/// <summary>
/// Compose's strings live once, in the model (issue #12 item 10): a label key or a depends_on condition
/// spelt again elsewhere would drift from the one the loader and the engine objects use.
/// </summary>
public sealed class OneOwnerTests
{
    [Theory]
    [InlineData("\"com.docker.compose.", "src/Model/ComposeLabels.cs")]
    [InlineData("\"service_healthy\"", "src/Model/DependencyCondition.cs")]
    [InlineData("\"service_completed_successfully\"", "src/Model/DependencyCondition.cs")]
    public void A_compose_string_is_spelt_in_one_file(string literal, string owner)
    {
        var spelt = SourceFiles().Where(f => File.ReadAllText(f).Contains(literal, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).ToList();
        Assert.Equal([owner], spelt);
    }

    private static string Root => Path.GetFullPath(Path.Combine(Here(), "..", ".."));
    private static string Here([CallerFilePath] string f = "") => Path.GetDirectoryName(f)!;

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}
