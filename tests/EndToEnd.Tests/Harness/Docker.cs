namespace Composer.EndToEnd.Tests.Harness;

/// <summary>
/// The docker CLI, used as an independent witness: tests check what composer did through it,
/// not through our own engine client.
/// </summary>
public static class Docker
{
    public static async Task<string> RunAsync(params string[] args) =>
        (await ProcessRunner.RunAsync("docker", args)).EnsureSuccess("docker " + string.Join(' ', args)).Stdout.Trim();

    public static Task<ProcessResult> TryAsync(params string[] args) => ProcessRunner.RunAsync("docker", args);

    /// <summary>Container names of a project (running and stopped), sorted.</summary>
    public static async Task<string[]> ContainersAsync(string project, bool all = true)
    {
        var args = new List<string> { "ps", "--filter", $"label=com.docker.compose.project={project}", "--format", "{{.Names}}" };
        if (all) args.Insert(1, "-a");
        var output = await RunAsync([.. args]);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }

    public static async Task<string> ContainerIdAsync(string name) => await RunAsync("inspect", "-f", "{{.Id}}", name);

    public static async Task<string> ExecAsync(string container, params string[] command) =>
        await RunAsync(["exec", container, .. command]);

    public static async Task<string> StateAsync(string container) => await RunAsync("inspect", "-f", "{{.State.Status}}", container);

    public static async Task<string> RestartPolicyAsync(string container) => await RunAsync("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", container);

    /// <summary>Removes everything labelled with the project, whatever composer left.</summary>
    public static async Task PurgeProjectAsync(string project)
    {
        var filter = $"label=com.docker.compose.project={project}";
        var ids = (await TryAsync("ps", "-aq", "--filter", filter)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0) await TryAsync(["rm", "-fv", .. ids]);
        foreach (var kind in new[] { "network", "volume" })
        {
            var names = (await TryAsync(kind, "ls", "-q", "--filter", filter)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (names.Length > 0) await TryAsync([kind, "rm", .. names]);
        }
    }
}
