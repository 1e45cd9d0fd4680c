using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>The example stacks under examples/, brought up by the real composer exactly as their READMEs say.</summary>
public sealed class ExampleStackTests
{
    private static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Composer.sln"))) return Path.Combine(dir.FullName, "examples", name);
        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Django_postgres_nginx_serves_writes_and_keeps_data_until_down_v()
    {
        var dir = Example("django-postgres-nginx");
        var project = "e2eflagship" + Guid.NewGuid().ToString("N")[..6];
        Task<ProcessResult> Composer(params string[] args) => ComposerCli.RunAsync(dir, ["-p", project, .. args]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            (await Composer("up", "--build", "-d", "--wait")).EnsureSuccess("up --build");
            var added = await NetworkingTests.RetryAsync(() => http.GetStringAsync("http://127.0.0.1:8080/add?text=kept-by-volume"));
            Assert.StartsWith("added", added);
            Assert.Contains("<li>kept-by-volume</li>", await http.GetStringAsync("http://127.0.0.1:8080/"));

            (await Composer("down", "-t", "5")).EnsureSuccess("down");
            Assert.Contains($"{project}_pgdata", await Docker.RunAsync("volume", "ls", "--format", "{{.Name}}"));
            (await Composer("up", "-d", "--wait")).EnsureSuccess("up again");
            var page = await NetworkingTests.RetryAsync(() => http.GetStringAsync("http://127.0.0.1:8080/"));
            Assert.Contains("<li>kept-by-volume</li>", page);

            (await Composer("down", "-v", "--rmi", "local", "-t", "5")).EnsureSuccess("down -v");
            Assert.DoesNotContain($"{project}_pgdata", await Docker.RunAsync("volume", "ls", "--format", "{{.Name}}"));
        }
        finally
        {
            await Composer("down", "-v", "-t", "1");
            await Docker.PurgeProjectAsync(project);
        }
    }
}
