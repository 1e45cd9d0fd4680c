using Composer.Engine;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// Several composers on one project at once: one host's lock keeps them apart whatever their
/// environment says, and what still races on a shared engine (another host) settles there.
/// </summary>
public sealed class SharedProjectTests
{
    private const string TwoServices = $$"""
        services:
          box:
            image: busybox:latest
            command: {{Busybox.Idle}}
          other:
            image: busybox:latest
            command: {{Busybox.Idle}}
        """;

    [Fact]
    public async Task Four_concurrent_ups_with_different_temp_directories_make_one_network_and_one_container_per_service()
    {
        await using var project = new TempProject(TwoServices);
        var ups = Enumerable.Range(1, 4).Select(i =>
        {
            var temp = Directory.CreateDirectory(Path.Combine(project.Directory, $"tmp{i}")).FullName;
            return ComposerCli.RunAsync(project.Directory, new Dictionary<string, string> { ["TMPDIR"] = temp }, "-p", project.Name, "up", "-d");
        });

        var results = await Task.WhenAll(ups);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.All));
        Assert.Single(await NetworksNamedAsync($"{project.Name}_default"));
        Assert.Equal([$"{project.Name}-box-1", $"{project.Name}-other-1"], (await Docker.ContainersAsync(project.Name)).Order(StringComparer.Ordinal));
        // The lock kept them apart (not only the engine-side settling): the later ones waited for it.
        Assert.Contains(results, r => r.Stderr.Contains("waiting for another composer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Duplicate_networks_left_by_composers_on_other_hosts_settle_to_the_oldest_on_up()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var name = $"{project.Name}_default";
        // What racers on two hosts leave: the engine's duplicate check is best effort, and off when asked.
        var engine = EngineClient.FromEnvironment();
        var oldest = await CreateUncheckedAsync(engine, name, project.Name);
        var younger = await CreateUncheckedAsync(engine, name, project.Name);
        Assert.Equal(new[] { oldest, younger }.Order(StringComparer.Ordinal), (await NetworksNamedAsync(name)).Order(StringComparer.Ordinal));

        await project.ComposerOkAsync("up", "-d");

        Assert.Equal([oldest], await NetworksNamedAsync(name));
        Assert.Equal(oldest, await Docker.RunAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.NetworkID}}{{end}}", $"{project.Name}-box-1"));
    }

    [Fact]
    public async Task Down_removes_every_duplicate_of_a_projects_network()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var name = $"{project.Name}_default";
        var engine = EngineClient.FromEnvironment();
        await CreateUncheckedAsync(engine, name, project.Name);
        await CreateUncheckedAsync(engine, name, project.Name);

        await project.ComposerOkAsync("down");

        Assert.Empty(await NetworksNamedAsync(name));
    }

    private static async Task<string> CreateUncheckedAsync(IEngineClient engine, string name, string project) =>
        await engine.CreateNetworkAsync(new NetworkCreateRequest
        {
            Name = name,
            Driver = "bridge",
            CheckDuplicate = false,
            Labels = new() { ["com.docker.compose.project"] = project, ["com.docker.compose.network"] = "default" },
        }, CancellationToken.None);

    private static async Task<string[]> NetworksNamedAsync(string name) =>
        (await Docker.RunAsync("network", "ls", "--no-trunc", "--filter", $"name={name}", "--format", "{{.ID}} {{.Name}}"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split(' ')).Where(parts => parts[1] == name).Select(parts => parts[0]).ToArray();
}
