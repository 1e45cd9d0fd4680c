using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests.Swarm;

/// <summary>Bad input to `composer stack` is answered before any engine call: no swarm needed, so not in the Swarm collection.</summary>
public sealed class StackUsageTests
{
    [Theory]
    [InlineData(new[] { "stack", "deploy", "demo" }, "give the compose file with -c FILE")]
    [InlineData(new[] { "stack", "deploy", "-c", "compose.yaml", "Bad/Name" }, "invalid stack name 'Bad/Name'")]
    [InlineData(new[] { "stack", "ps", "UPPER" }, "invalid stack name 'UPPER'")]
    [InlineData(new[] { "stack", "deploy", "-c", "missing.yaml", "demo" }, "missing.yaml")]
    public async Task Bad_input_is_a_clear_message_and_a_non_zero_exit(string[] args, string message)
    {
        var folder = Directory.CreateTempSubdirectory("composer-stack-usage-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "compose.yaml"), "services:\n  a: { image: busybox:latest }\n");
            var result = await ComposerCli.RunAsync(folder, args);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(message, result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task A_service_swarm_cannot_run_stops_the_deploy_with_the_reason()
    {
        var folder = Directory.CreateTempSubdirectory("composer-stack-usage-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "compose.yaml"), "services:\n  a:\n    build: .\n");
            var result = await ComposerCli.RunAsync(folder, "stack", "deploy", "-c", "compose.yaml", "demo");
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("service a: no image", result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
