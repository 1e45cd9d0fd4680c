using System.Text.Json;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// One small file per registered project (`projects/NAME.json` in the state directory), written
/// beside the state file on every registration: when the state file cannot be trusted, the
/// registrations come back from these, and a project whose own file is unreadable too is known
/// by its file name, so the agent registers it again from its containers' labels. Nothing else on
/// the engine is taken over: an agent registers only what was registered with it.
/// </summary>
internal sealed class RegistrationFiles(string stateDirectory)
{
    private const long MaxFileBytes = 1024 * 1024;

    private string Folder => Path.Combine(stateDirectory, "projects");

    private string FileOf(string name) => Path.Combine(Folder, name + ".json");

    public void Write(RegisteredProject project)
    {
        Directory.CreateDirectory(Folder);
        var temporary = $"{FileOf(project.Name)}.{Environment.ProcessId}.tmp";
        using (var file = new FileStream(temporary, OwnerOnly.Options(FileMode.Create, FileAccess.Write)))
            JsonSerializer.Serialize(file, project, AgentJson.Default.RegisteredProject);
        File.Move(temporary, FileOf(project.Name), overwrite: true);
    }

    public bool Exists(string name) => File.Exists(FileOf(name));

    public void Delete(string name) => File.Delete(FileOf(name));

    /// <returns>The registrations read whole, and the names of those whose file could not be trusted (moved aside).</returns>
    public (List<RegisteredProject> Whole, List<string> Unreadable) ReadAll()
    {
        var whole = new List<RegisteredProject>();
        var unreadable = new List<string>();
        if (!Directory.Exists(Folder)) return (whole, unreadable);
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (Read(path) is { } project && project.Name == name) whole.Add(project);
            else
            {
                unreadable.Add(name);
                MoveAside(path);
            }
        }
        return (whole, unreadable);
    }

    /// <summary>Keeps an untrusted file (or directory) for the operator to look at, out of the agent's way.</summary>
    /// <returns>Where it went.</returns>
    public static string MoveAside(string path)
    {
        var aside = $"{path}.unreadable-{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}";
        if (Directory.Exists(path)) Directory.Move(path, aside);
        else File.Move(path, aside);
        return aside;
    }

    private static RegisteredProject? Read(string path)
    {
        // Sizes first: an empty size is also how a fifo looks, and opening one would wait forever.
        var length = new FileInfo(path).Length;
        if (length is 0 or > MaxFileBytes) return null;
        try
        {
            using var file = File.OpenRead(path);
            var project = JsonSerializer.Deserialize(file, AgentJson.Default.RegisteredProject);
            return AgentStateDocument.IsWhole(project) ? project : null;
        }
        catch (Exception error) when (error is JsonException or System.Text.DecoderFallbackException) { return null; }
    }
}

/// <summary>The agent's files are created 0600: they name the host's projects and their directories.</summary>
internal static class OwnerOnly
{
    public static FileStreamOptions Options(FileMode mode, FileAccess access)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return options;
    }
}
