namespace Composer.EndToEnd.Tests.Harness;

/// <summary>Restarts the real engine the way CI starts it: every container on the host dies with it.</summary>
public static class EngineControl
{
    public static async Task RestartAsync()
    {
        (await ProcessRunner.RunAsync("pkill", ["-x", "dockerd"])).EnsureSuccess("pkill dockerd");
        await Eventually.TrueAsync(async () => (await ProcessRunner.RunAsync("pgrep", ["-x", "dockerd"])).ExitCode != 0,
            TimeSpan.FromSeconds(60), () => "dockerd did not stop");
        (await ProcessRunner.RunAsync(EngineScript(), [], timeout: TimeSpan.FromMinutes(3))).EnsureSuccess("scripts/engine");
    }

    /// <summary>scripts/engine of this checkout: starts dockerd the way CI does.</summary>
    private static string EngineScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "scripts", "engine");
            if (File.Exists(script)) return script;
        }
        throw new FileNotFoundException("scripts/engine not found above " + AppContext.BaseDirectory);
    }
}
