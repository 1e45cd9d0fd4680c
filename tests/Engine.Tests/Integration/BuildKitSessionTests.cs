namespace Composer.Engine.Tests.Integration;

/// <summary>BuildKit builds through our session, called on the engine client directly: build secrets.</summary>
public sealed class BuildKitSessionTests
{
    [Fact]
    public async Task A_secret_is_readable_in_its_run_step_and_absent_from_the_image()
    {
        await using var engine = new EngineScope();
        var context = Directory.CreateTempSubdirectory("ctest-buildkit-").FullName;
        var mark = Guid.NewGuid().ToString("N");
        var tag = engine.Name("secret") + ":1";
        try
        {
            var secretFile = Path.Combine(context, "..", Path.GetFileName(context) + ".secret");
            File.WriteAllText(secretFile, mark);
            // The second step proves, inside the build, that no layer so far holds the value (it reads the merged filesystem).
            File.WriteAllText(Path.Combine(context, "Dockerfile"), $"""
                FROM busybox:latest
                RUN --mount=type=secret,id=token test "$(cat /run/secrets/token)" = "{mark}" && echo read > /read
                RUN ! grep -rqs "{mark[..16]}" / --exclude-dir=proc --exclude-dir=sys
                """);
            var progress = new List<string>();
            await engine.Client.BuildImageAsync(context, new ImageBuildRequest
            {
                Tags = [tag], BuildKit = true, Labels = new Dictionary<string, string> { ["composer.test"] = engine.Prefix },
                Secrets = [new BuildSecret("token", File: secretFile)],
            }, progress.Add, engine.Timeout);
            Assert.Contains(progress, p => p.Contains("RUN --mount=type=secret", StringComparison.Ordinal));
            File.Delete(secretFile);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
            try { await engine.Client.RemoveImageAsync(tag, engine.Timeout); } catch (EngineNotFoundException) { }
        }
    }

    [Fact]
    public async Task A_required_secret_that_was_not_given_fails_the_build_naming_it()
    {
        await using var engine = new EngineScope();
        var context = Directory.CreateTempSubdirectory("ctest-buildkit-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "Dockerfile"),
                $"FROM busybox:latest\nRUN --mount=type=secret,id=absent,required echo {Guid.NewGuid():N}\n");
            var error = await Assert.ThrowsAsync<EngineApiException>(() => engine.Client.BuildImageAsync(context, new ImageBuildRequest
            {
                Tags = [engine.Name("nosecret") + ":1"], BuildKit = true, Secrets = [new BuildSecret("other", Environment: "COMPOSER_TEST_UNSET_VARIABLE")],
            }, _ => { }, engine.Timeout));
            Assert.Contains("absent", error.Message);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }
}
