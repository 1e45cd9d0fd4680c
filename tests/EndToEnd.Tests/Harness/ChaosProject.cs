namespace Composer.EndToEnd.Tests.Harness;

/// <summary>The chaos suite's project: the faults it can suffer, and what must stay true whatever they were.</summary>
internal sealed class ChaosProject(TempProject project, AgentProcess agent)
{
    private string C(string service, int number = 1) => $"{project.Name}-{service}-{number}";

    public async Task KillAgentAfterAsync(TimeSpan after)
    {
        await Task.Delay(after);
        await agent.KillAsync();
        await agent.StartAgainAsync();
    }

    /// <summary>A replica removed behind the agent's back, and the agent killed while it puts it back.</summary>
    public async Task KillAgentMidReconcileAsync()
    {
        await Docker.RunAsync("rm", "-f", C("scaled", 2));
        await Task.Delay(TimeSpan.FromMilliseconds(150));
        await agent.KillAsync();
        await agent.StartAgainAsync();
    }

    /// <summary>Killed while a scheduled job's run is going.</summary>
    public async Task KillAgentMidJobAsync()
    {
        await Eventually.TrueAsync(async () => (await JobRunsAsync()).Length > 0, TimeSpan.FromSeconds(20), () => agent.Log);
        await agent.KillAsync();
        await agent.StartAgainAsync();
    }

    public async Task BreakAndFixTheFileAsync(string good)
    {
        project.Write("compose.yaml", good + "\n  broken: [oops: {]\n");
        await Task.Delay(TimeSpan.FromSeconds(2));
        project.Write("compose.yaml", good);
    }

    public async Task RestartEngineAsync()
    {
        await EngineControl.RestartAsync();
        await Eventually.TrueAsync(() => agent.Log.Contains("engine is back"), TimeSpan.FromSeconds(60), () => agent.Log);
    }

    /// <summary>Waits until what should run runs (the agent has had its chance to converge).</summary>
    public async Task SettledAsync() =>
        await Eventually.TrueAsync(async () =>
                await StateAsync(C("keeper")) == "running"
                && (await Task.WhenAll(Enumerable.Range(1, 3).Select(n => StateAsync(C("scaled", n))))).All(s => s == "running"),
            TimeSpan.FromSeconds(120), () => agent.Log);

    public async Task<string> AnonymousVolumeAsync() =>
        await Docker.RunAsync("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/anon\"}}{{.Name}}{{end}}{{end}}", C("keeper"));

    public async Task<List<string>> ViolationsAsync(string marker, string anonymousVolume, int flakyRetries)
    {
        var violations = new List<string>();
        await Task.Delay(TimeSpan.FromSeconds(3)); // time for what must not happen (a restart, an undone scale) to happen
        var services = (await Docker.RunAsync("ps", "-a", "--filter", $"label=com.docker.compose.project={project.Name}",
                "--filter", "label=com.docker.compose.oneoff=False", "--format", "{{.Label \"com.docker.compose.service\"}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (service, count) in new Dictionary<string, int> { ["keeper"] = 1, ["stopped"] = 1, ["scaled"] = 3, ["flaky"] = 1 })
            if (services.GetValueOrDefault(service) != count) violations.Add($"{service}: {services.GetValueOrDefault(service)} containers, not {count}");
        if (await StateAsync(C("stopped")) != "exited") violations.Add("stopped: the user's stop was undone");
        var starts = await CountStartsAsync();
        if (starts > 1 + flakyRetries) violations.Add($"flaky: started {starts} times, on-failure:{flakyRetries} allows {1 + flakyRetries}");
        if ((await Docker.TryAsync("exec", C("keeper"), "cat", "/data/m")).Stdout.Trim() != marker) violations.Add("the named volume's data is gone");
        if ((await Docker.TryAsync("exec", C("keeper"), "cat", "/anon/m")).Stdout.Trim() != marker) violations.Add("the anonymous volume's data is gone");
        if (await AnonymousVolumeAsync() != anonymousVolume) violations.Add("keeper has another anonymous volume");
        if ((await JobRunsAsync()).Length > 1) violations.Add("more than one run of the job at once");
        return violations;
    }

    /// <summary>Each run of flaky appends a line to a file in its named volume: the count no restart of anything can lose.</summary>
    private async Task<int> CountStartsAsync()
    {
        var lines = await Docker.RunAsync("run", "--rm", "-v", $"{project.Name}_count:/count", "busybox:latest", "cat", "/count/starts");
        return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private async Task<string[]> JobRunsAsync() =>
        (await Docker.RunAsync("ps", "-q", "--filter", $"label=com.docker.compose.project={project.Name}", "--filter", "label=com.docker.compose.oneoff=True"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<string> StateAsync(string container) =>
        (await Docker.TryAsync("inspect", "-f", "{{.State.Status}}", container)) is { ExitCode: 0 } result ? result.Stdout.Trim() : "missing";
}
