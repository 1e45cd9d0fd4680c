using System.Diagnostics;

namespace Composer.EndToEnd.Tests.Harness;

/// <summary>
/// Runs the real composer executable: the shipped native build when COMPOSER_EXE names it
/// (scripts/test publishes it and sets it), otherwise the assembly built beside this test
/// assembly, run by dotnet.
/// </summary>
public static class ComposerCli
{
    private static readonly string? Native = System.Environment.GetEnvironmentVariable("COMPOSER_EXE") is { Length: > 0 } exe ? exe : null;

    /// <summary>The program to start and the arguments that come before composer's own.</summary>
    public static (string Program, string[] Prefix) Command { get; } =
        Native is not null ? (Native, []) : ("dotnet", [Path.Combine(AppContext.BaseDirectory, "composer.dll")]);

    /// <summary>The command as a shell would type it, for tests that drive a terminal.</summary>
    public static string ShellCommand(params string[] args) => string.Join(' ', [Command.Program, .. Command.Prefix, .. args]);

    /// <summary>A start info for a long-running composer process the test talks to.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo(Command.Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in Command.Prefix.Concat(args)) info.ArgumentList.Add(arg);
        return info;
    }

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, null, args);

    public static Task<ProcessResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        params string[] args) =>
        ProcessRunner.RunAsync(Command.Program, [.. Command.Prefix, .. args], workingDirectory, environment, TimeSpan.FromMinutes(5));

    /// <summary>With <paramref name="stdin"/> piped in (and closed after it), within a minute.</summary>
    public static Task<ProcessResult> RunWithInputAsync(string workingDirectory, string stdin, params string[] args) =>
        ProcessRunner.RunAsync(Command.Program, [.. Command.Prefix, .. args], workingDirectory, null, TimeSpan.FromMinutes(1), stdin);
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

    /// <summary>composer with <paramref name="stdin"/> piped in, as `composer exec -T db psql &lt; dump.sql` gets it.</summary>
    public Task<ProcessResult> ComposerWithInputAsync(string stdin, params string[] args) =>
        ComposerCli.RunWithInputAsync(Directory, stdin, ["-p", Name, .. args]);

    public async Task<ProcessResult> ComposerOkAsync(params string[] args) =>
        (await ComposerAsync(args)).EnsureSuccess("composer " + string.Join(' ', args));

    public async ValueTask DisposeAsync()
    {
        await ComposerAsync("down", "-v", "--rmi", "local", "--remove-orphans", "-t", "1");
        await Docker.PurgeProjectAsync(Name);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
