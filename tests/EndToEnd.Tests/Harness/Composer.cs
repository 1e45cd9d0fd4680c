namespace Composer.EndToEnd.Tests.Harness;

/// <summary>Runs the real composer executable built beside this test assembly.</summary>
public static class ComposerCli
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "composer.dll");

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, null, args);

    public static Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. args], workingDirectory, environment, TimeSpan.FromMinutes(5));
}

/// <summary>
/// A compose project in a fresh temporary folder with a unique name; disposing it runs
/// `composer down -v` and then removes by label anything still there, so no test leaves
/// containers, networks or volumes behind.
/// </summary>
public sealed class TempProject : IAsyncDisposable
{
    public TempProject(string composeYaml, string prefix = "e2e")
    {
        Name = $"{prefix}{Guid.NewGuid().ToString("N")[..10]}";
        Directory = System.IO.Directory.CreateTempSubdirectory("composer-e2e-").FullName;
        Write("compose.yaml", composeYaml);
    }

    public string Name { get; }
    public string Directory { get; }

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Extra environment for every composer call (an agent's state directory, say).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public Task<ProcessResult> ComposerAsync(params string[] args) => ComposerCli.RunAsync(Directory, Environment, ["-p", Name, .. args]);

    public async Task<ProcessResult> ComposerOkAsync(params string[] args) =>
        (await ComposerAsync(args)).EnsureSuccess("composer " + string.Join(' ', args));

    public async ValueTask DisposeAsync()
    {
        await ComposerAsync("down", "-v", "--rmi", "local", "--remove-orphans", "-t", "1");
        await Docker.PurgeProjectAsync(Name);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
