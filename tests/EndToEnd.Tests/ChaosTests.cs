using System.Globalization;
using Composer.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// Faults at random points against a real agent and engine: kill -9 of the agent (idle, mid-backoff,
/// mid-reconcile, mid-job), engine restarts, and the compose file turning invalid and back. After
/// every fault, once the project has settled, the invariants are checked: no duplicate containers,
/// on-failure:N never exceeded, the user's stop kept, the scale kept, named and anonymous volume
/// data intact. The seed is printed (set COMPOSER_CHAOS_SEED to replay a run).
/// </summary>
[Trait("Category", "Disruptive")]
[Collection("Disruptive")]
public sealed class ChaosTests(ITestOutputHelper output)
{
    private const int FlakyRetries = 2;

    private static string Compose(string marker) => $$"""
        x-fast: &fast
          restart: {delay: 1s, factor: 2, jitter: 0}
        services:
          keeper:
            image: busybox:latest
            command: ["sh", "-c", "trap 'exit 0' TERM; [ -f /data/m ] || echo {{marker}} > /data/m; [ -f /anon/m ] || echo {{marker}} > /anon/m; sleep 3600 & wait"]
            restart: unless-stopped
            volumes: [data:/data, /anon]
          stopped:
            image: busybox:latest
            command: {{Busybox.Idle}}
            restart: unless-stopped
          scaled:
            image: busybox:latest
            command: {{Busybox.Idle}}
            restart: always
          flaky:
            image: busybox:latest
            command: ["sh", "-c", "echo start >> /count/starts; sleep 1; exit 1"]
            restart: on-failure:{{FlakyRetries}}
            volumes: [count:/count]
            x-composer: *fast
          job:
            image: busybox:latest
            command: ["sh", "-c", "sleep 2"]
            x-composer:
              schedule: "*/3 * * * * ?"
        volumes:
          data: {}
          count: {}
        """;

    [Fact]
    public async Task Invariants_hold_after_every_fault()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("COMPOSER_CHAOS_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var given)
            ? given : Environment.TickCount & 0xffff;
        var random = new Random(seed);
        output.WriteLine($"chaos seed: {seed}");

        await using var agent = await AgentProcess.StartAsync(resyncSeconds: 2);
        const string Marker = "precious";
        await using var project = new TempProject(Compose(Marker), "chaos") { Environment = agent.Environment };
        var chaos = new ChaosProject(project, agent);
        await project.ComposerOkAsync("up", "-d", "--scale", "scaled=3");
        await project.ComposerOkAsync("stop", "stopped");
        await chaos.SettledAsync();
        var anonymousVolume = await chaos.AnonymousVolumeAsync();

        Func<Task>[] faults =
        [
            .. Enumerable.Repeat<Func<Task>>(() => chaos.KillAgentAfterAsync(TimeSpan.FromMilliseconds(random.Next(0, 2000))), 4),
            .. Enumerable.Repeat<Func<Task>>(() => chaos.KillAgentMidReconcileAsync(), 2),
            .. Enumerable.Repeat<Func<Task>>(() => chaos.KillAgentMidJobAsync(), 1),
            .. Enumerable.Repeat<Func<Task>>(() => chaos.BreakAndFixTheFileAsync(Compose(Marker)), 2),
            .. Enumerable.Repeat<Func<Task>>(() => chaos.RestartEngineAsync(), 2),
        ];
        var names = new[] { "kill-agent", "kill-agent", "kill-agent", "kill-agent", "kill-mid-reconcile", "kill-mid-reconcile", "kill-mid-job",
            "invalid-file", "invalid-file", "engine-restart", "engine-restart" };
        var order = Enumerable.Range(0, faults.Length).OrderBy(_ => random.Next()).ToArray();

        var violations = new List<string>();
        foreach (var (index, round) in order.Select((i, n) => (i, n + 1)))
        {
            output.WriteLine($"fault {round}/{faults.Length}: {names[index]}");
            await faults[index]();
            await chaos.SettledAsync();
            foreach (var violation in await chaos.ViolationsAsync(Marker, anonymousVolume, FlakyRetries))
                violations.Add($"after fault {round} ({names[index]}): {violation}");
        }
        output.WriteLine($"chaos: {faults.Length} faults injected, {violations.Count} violations");
        Assert.True(violations.Count == 0, $"seed {seed}:\n{string.Join('\n', violations)}\n{agent.Log}");
    }
}
