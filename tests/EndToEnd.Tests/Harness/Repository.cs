namespace Composer.EndToEnd.Tests.Harness;

/// <summary>The checkout the tests run from: found by walking up from the test assembly to Composer.sln.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Composer.sln"))) return directory.FullName;
        throw new DirectoryNotFoundException("Composer.sln not found above " + AppContext.BaseDirectory);
    }
}
