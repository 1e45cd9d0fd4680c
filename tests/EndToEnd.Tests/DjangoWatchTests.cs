using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// The django-celery example, copied (with ports of its own) so the test can edit its code: the
/// notebook executed headless reads rows written through the web app, and `watch` carries a code
/// change into web (reloaded), the worker (restarted) and the notebook.
/// </summary>
public sealed class DjangoWatchTests
{
    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task Notebook_reads_rows_written_through_web_and_watch_syncs_the_django_code_live()
    {
        var root = Directory.CreateTempSubdirectory("composer-e2e-django-").FullName;
        Copy(ExampleStackTests.Example("django-celery"), Path.Combine(root, "django-celery"));
        Copy(ExampleStackTests.Example("django-postgres-nginx"), Path.Combine(root, "django-postgres-nginx"));
        var dir = Path.Combine(root, "django-celery");
        var composeFile = Path.Combine(dir, "compose.yaml");
        File.WriteAllText(composeFile, File.ReadAllText(composeFile)
            .Replace("127.0.0.1:8082:80", "127.0.0.1:18282:80", StringComparison.Ordinal)
            .Replace("127.0.0.1:8888:8888", "127.0.0.1:18288:8888", StringComparison.Ordinal));
        var project = "e2ewatchdj" + Guid.NewGuid().ToString("N")[..6];
        // The first build installs Jupyter from Debian's mirror: minutes, not seconds.
        Task<ProcessResult> Composer(params string[] args) =>
            ProcessRunner.RunAsync(ComposerCli.Command.Program, [.. ComposerCli.Command.Prefix, "-p", project, .. args], dir, null, TimeSpan.FromMinutes(20));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            (await Composer("up", "--build", "-d", "--wait")).EnsureSuccess("up --build");
            var text = "written-through-web-" + Guid.NewGuid().ToString("N")[..6];
            var added = await NetworkingTests.RetryAsync(() => http.GetStringAsync($"http://127.0.0.1:18282/add?text={text}"));
            Assert.StartsWith("added", added);

            var executed = (await Composer("exec", "-T", "notebook", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--stdout",
                "/notebooks/entries.ipynb")).EnsureSuccess("nbconvert --execute");
            Assert.Matches($@"entry \d+: {text}", executed.Stdout);

            using var watch = new BackgroundComposer(project, dir, "watch", "--no-up");
            await watch.WaitForOutputAsync("Watch enabled");
            var views = Path.Combine(root, "django-postgres-nginx", "web", "app", "entries", "views.py");
            File.WriteAllText(views, File.ReadAllText(views).Replace("<h1>Entries</h1>", "<h1>Entries, live</h1>", StringComparison.Ordinal));

            await watch.WaitForOutputAsync("web: ran 'sh -c kill -HUP 1'");
            await watch.WaitForOutputAsync("celery: restarted after");
            await watch.WaitForOutputAsync("notebook: synced to /app");
            await NetworkingTests.RetryAsync(async () =>
            {
                var page = await http.GetStringAsync("http://127.0.0.1:18282/");
                return page.Contains("Entries, live", StringComparison.Ordinal) ? page : throw new InvalidOperationException(page);
            }, attempts: 80);
            foreach (var service in new[] { "celery", "notebook" })
                Assert.Contains("Entries, live", await Docker.ExecAsync($"{project}-{service}-1", "cat", "/app/entries/views.py"), StringComparison.Ordinal);
            Assert.Equal(130, await watch.InterruptAsync());
        }
        catch (Exception failure)
        {
            var logs = await Composer("logs", "--tail", "30");
            throw new Xunit.Sdk.XunitException($"{failure.Message}\n--- logs:\n{logs.Stdout}{logs.Stderr}", failure);
        }
        finally
        {
            // Jupyter's layers kept under a tag of their own, so the next run builds from cache.
            await Docker.TryAsync("tag", $"{project}-notebook", "composer-e2e-cache/django-notebook:latest");
            await Composer("down", "-v", "--rmi", "local", "-t", "1");
            await Docker.PurgeProjectAsync(project);
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
