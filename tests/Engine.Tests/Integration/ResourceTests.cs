using System.Text;

namespace Composer.Engine.Tests.Integration;

public sealed class ResourceTests
{
    [Fact]
    public async Task Networks_connect_with_aliases_and_disconnect()
    {
        await using var engine = new EngineScope();
        var network = engine.Name("net");
        await engine.Client.CreateNetworkAsync(new NetworkCreateRequest { Name = network, Labels = new() { ["composer.test"] = engine.Prefix } }, engine.Timeout);
        var server = await engine.CreateBusyboxAsync("server", EngineScope.Idle);
        await engine.Client.ConnectNetworkAsync(network, server, new EndpointSettings { Aliases = ["db-alias"] }, engine.Timeout);
        await engine.Client.StartContainerAsync(server, engine.Timeout);

        var inspect = await engine.Client.InspectNetworkAsync(network, engine.Timeout);
        Assert.Single(inspect.Containers!);
        var client = await engine.CreateBusyboxAsync("client", "nslookup db-alias >/dev/null && echo resolved",
            r => r.HostConfig!.NetworkMode = network);
        await engine.Client.StartContainerAsync(client, engine.Timeout);
        Assert.Equal(0, await engine.Client.WaitContainerAsync(client, engine.Timeout));

        await engine.Client.DisconnectNetworkAsync(network, server, force: true, engine.Timeout);
        Assert.Empty((await engine.Client.InspectNetworkAsync(network, engine.Timeout)).Containers ?? []);
    }

    [Fact]
    public async Task Volumes_are_listed_by_label_and_removed()
    {
        await using var engine = new EngineScope();
        var name = engine.Name("vol");
        await engine.Client.CreateVolumeAsync(new VolumeCreateRequest { Name = name, Labels = new() { ["composer.test"] = engine.Prefix } }, engine.Timeout);
        Assert.Equal(name, Assert.Single(await engine.Client.ListVolumesAsync([$"composer.test={engine.Prefix}"], engine.Timeout)).Name);
        Assert.Equal(name, (await engine.Client.InspectVolumeAsync(name, engine.Timeout)).Name);
        await engine.Client.RemoveVolumeAsync(name, engine.Timeout);
        await Assert.ThrowsAsync<EngineNotFoundException>(() => engine.Client.InspectVolumeAsync(name, engine.Timeout));
    }

    [Fact]
    public async Task Build_leaves_dockerignored_files_out_of_the_context()
    {
        await using var engine = new EngineScope();
        var context = Directory.CreateTempSubdirectory("ctest-build-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM busybox:latest\nCOPY . /ctx\nRUN ls -R /ctx > /listing\n");
            File.WriteAllText(Path.Combine(context, ".dockerignore"), "secret.txt\nlogs\n!logs/keep.log\n");
            File.WriteAllText(Path.Combine(context, "kept.txt"), "kept");
            File.WriteAllText(Path.Combine(context, "secret.txt"), "secret");
            Directory.CreateDirectory(Path.Combine(context, "logs"));
            File.WriteAllText(Path.Combine(context, "logs", "drop.log"), "x");
            File.WriteAllText(Path.Combine(context, "logs", "keep.log"), "x");

            var tag = engine.Name("img") + ":1";
            var progress = new List<string>();
            var imageId = await engine.Client.BuildImageAsync(context, new ImageBuildRequest { Tags = [tag], Labels = new Dictionary<string, string> { ["composer.test"] = engine.Prefix } },
                progress.Add, engine.Timeout);
            Assert.NotNull(imageId);
            Assert.Contains(progress, p => p.StartsWith("Step 1/", StringComparison.Ordinal));
            Assert.Equal(imageId, (await engine.Client.InspectImageAsync(tag, engine.Timeout)).Id);

            var id = await engine.Client.CreateContainerAsync(engine.Name("listing"), new ContainerCreateRequest
            {
                Image = tag, Cmd = ["cat", "/listing"], Labels = new() { ["composer.test"] = engine.Prefix },
            }, engine.Timeout);
            await engine.Client.StartContainerAsync(id, engine.Timeout);
            await engine.Client.WaitContainerAsync(id, engine.Timeout);
            var listing = new StringBuilder();
            await foreach (var frame in engine.Client.ContainerLogsAsync(id, new LogRequest(), engine.Timeout)) listing.Append(Encoding.UTF8.GetString(frame.Payload.Span));
            Assert.Contains("kept.txt", listing.ToString());
            Assert.Contains("keep.log", listing.ToString());
            Assert.DoesNotContain("secret.txt", listing.ToString());
            Assert.DoesNotContain("drop.log", listing.ToString());

            await engine.Client.TagImageAsync(tag, engine.Name("img"), "2", engine.Timeout);
            await engine.Client.RemoveImageAsync(engine.Name("img") + ":2", engine.Timeout);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [Fact]
    public async Task A_failing_build_reports_the_engines_message()
    {
        await using var engine = new EngineScope();
        var context = Directory.CreateTempSubdirectory("ctest-build-").FullName;
        File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM busybox:latest\nRUN exit 7\n");
        var error = await Assert.ThrowsAsync<EngineApiException>(() =>
            engine.Client.BuildImageAsync(context, new ImageBuildRequest { Tags = [engine.Name("bad")] }, _ => { }, engine.Timeout));
        Assert.Contains("returned a non-zero code: 7", error.Message);
        Directory.Delete(context, recursive: true);
    }

    [Fact]
    public async Task Pulling_a_missing_image_fails_with_the_engines_message()
    {
        await using var engine = new EngineScope();
        var error = await Assert.ThrowsAnyAsync<EngineApiException>(() =>
            engine.Client.PullImageAsync("composer-test/definitely-missing:1", _ => { }, engine.Timeout));
        // Offline the engine names the registry it could not reach; online it names the image it could not find.
        Assert.True(error.Message.Contains("composer-test/definitely-missing") || error.Message.Contains("registry"), error.Message);
    }
}
