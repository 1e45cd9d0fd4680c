using Composer.Model;

namespace Composer.Orchestrator.Cli;

/// <summary>
/// `-f -`: the compose file is read from stdin, as docker compose does. It stands at "-" in the
/// current directory, so relative paths, the project directory and the default project name all
/// come from where composer was started (unless --project-directory says otherwise).
/// </summary>
internal static class StandardInputFile
{
    public const string Marker = "-";

    public static bool Applies(ProjectOptions options) => options.ConfigFiles.Contains(Marker);

    public static ProjectOptions ReadInto(ProjectOptions options)
    {
        var path = Path.GetFullPath(Path.Combine(options.WorkingDirectory, Marker));
        // Read once: the loader may look at the file more than once, and stdin gives it only once.
        // Bounded as any compose file is: `yes | composer -f - config` is refused, not read until memory runs out.
        var text = InputFiles.ReadComposeStream(Console.OpenStandardInput(), path);
        return options with
        {
            ConfigFiles = [.. options.ConfigFiles.Select(f => f == Marker ? path : f)],
            ReadFile = p => p == path ? text : InputFiles.ReadComposeFile(p),
            FileExists = p => p == path || File.Exists(p),
        };
    }
}
