using System.Diagnostics;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// The django example updated under a steady stream of requests through nginx: start-first (what
/// the example declares) must fail none; stop-first fails some, which shows the test can fail.
/// Its own nginx port, so it runs beside the flagship example's test.
/// </summary>
public sealed class ZeroDowntimeTests
{
    private const string Port = "18080";
    private static readonly string Url = $"http://127.0.0.1:{Port}/";

    [Fact]
    public Task Updating_web_start_first_fails_no_request_and_stop_first_does() => WithStackAsync(async (composer, project) =>
    {
        var before = await Docker.ContainerIdAsync($"{project}-web-1");
        var (update, load) = await UnderLoadAsync(() => composer(["up", "-d", "--force-recreate", "--no-deps", "web"], null));
        update.EnsureSuccess("start-first update");
        Assert.True(load.Served >= 20, $"only {load.Served} requests were served during the update");
        Assert.True(load.Failed == 0, $"{load.Failed} of {load.Served + load.Failed} requests failed during a start-first update:\n{load.Failures}\n{update.All}");
        Assert.NotEqual(before, await Docker.ContainerIdAsync($"{project}-web-1"));
        Assert.Equal([$"{project}-db-1", $"{project}-nginx-1", $"{project}-web-1"], await Docker.ContainersAsync(project));

        var stopFirst = new Dictionary<string, string> { ["WEB_UPDATE_ORDER"] = "stop-first", ["NGINX_PORT"] = Port };
        var (recreate, stopFirstLoad) = await UnderLoadAsync(() => composer(["up", "-d", "--force-recreate", "--no-deps", "web"], stopFirst));
        recreate.EnsureSuccess("stop-first update");
        Assert.True(stopFirstLoad.Failed > 0, $"a stop-first update failed no request ({stopFirstLoad.Served} served): the load cannot see downtime");
    });

    [Fact]
    public Task A_broken_image_is_rolled_back_while_the_old_container_keeps_serving() => WithStackAsync(async (composer, project) =>
    {
        var before = await Docker.ContainerIdAsync($"{project}-web-1");
        var broken = Directory.CreateTempSubdirectory("composer-broken-web-").FullName;
        try
        {
            // The same app without its settings package: migrate fails at start, so it never gets healthy.
            File.WriteAllText(Path.Combine(broken, "Dockerfile"), $"FROM {project}-web\nRUN rm -rf /app/site_config\n");
            var overrideFile = Path.Combine(broken, "override.yaml");
            File.WriteAllText(overrideFile, $"services:\n  web:\n    build:\n      context: {broken}\n");

            var (update, load) = await UnderLoadAsync(() =>
                composer(["-f", "compose.yaml", "-f", overrideFile, "up", "-d", "--build", "--no-deps", "web"], null));
            Assert.NotEqual(0, update.ExitCode);
            Assert.Contains("update of service web failed and was rolled back", update.All);
            Assert.DoesNotContain("Unhandled", update.All);
            Assert.True(load.Failed == 0, $"{load.Failed} requests failed while a broken web was rolled back:\n{load.Failures}");
            Assert.Equal(before, await Docker.ContainerIdAsync($"{project}-web-1"));
            Assert.Equal("running", await Docker.StateAsync($"{project}-web-1"));
            Assert.Equal([$"{project}-db-1", $"{project}-nginx-1", $"{project}-web-1"], await Docker.ContainersAsync(project));
        }
        finally { Directory.Delete(broken, recursive: true); }
    });

    private sealed record Load(int Served, int Failed, string Failures);

    /// <summary>
    /// Runs <paramref name="update"/> while requests go through nginx one after another, and for a
    /// second after it ends: at most 5000 requests, 127.0.0.1 only.
    /// </summary>
    private static async Task<(ProcessResult Update, Load Load)> UnderLoadAsync(Func<Task<ProcessResult>> update)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var served = 0;
        var failures = new List<string>();
        var running = update();
        var clock = Stopwatch.StartNew();
        TimeSpan? endedAt = null;
        for (var sent = 0; sent < 5000; sent++)
        {
            if (running.IsCompleted) endedAt ??= clock.Elapsed;
            if (clock.Elapsed - endedAt > TimeSpan.FromSeconds(1)) break;
            try
            {
                using var response = await http.GetAsync(Url);
                if (response.IsSuccessStatusCode) served++;
                else failures.Add($"{clock.Elapsed.TotalSeconds:0.00}s: HTTP {(int)response.StatusCode}");
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                failures.Add($"{clock.Elapsed.TotalSeconds:0.00}s: {error.Message}");
            }
            await Task.Delay(10);
        }
        return (await running, new Load(served, failures.Count, string.Join('\n', failures.Take(20))));
    }

    private static async Task WithStackAsync(Func<Func<string[], IReadOnlyDictionary<string, string>?, Task<ProcessResult>>, string, Task> body)
    {
        var dir = ExampleStackTests.Example("django-postgres-nginx");
        var project = "e2ezd" + Guid.NewGuid().ToString("N")[..8];
        var portOnly = new Dictionary<string, string> { ["NGINX_PORT"] = Port };
        Task<ProcessResult> Composer(string[] args, IReadOnlyDictionary<string, string>? environment) =>
            ComposerCli.RunAsync(dir, environment ?? portOnly, ["-p", project, .. args]);
        try
        {
            (await Composer(["up", "--build", "-d", "--wait"], null)).EnsureSuccess("up --build");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            await NetworkingTests.RetryAsync(() => http.GetStringAsync(Url));
            await body(Composer, project);
        }
        catch (Exception failure)
        {
            var logs = await Composer(["logs", "--tail", "30"], null);
            throw new Xunit.Sdk.XunitException($"{failure.Message}\n--- composer logs --tail 30:\n{logs.Stdout}{logs.Stderr}", failure);
        }
        finally
        {
            await Composer(["down", "-v", "--rmi", "local", "-t", "1"], null);
            await Docker.PurgeProjectAsync(project);
        }
    }
}
