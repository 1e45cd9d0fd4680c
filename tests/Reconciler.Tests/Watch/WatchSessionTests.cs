using System.Reflection;
using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Watch;

namespace Composer.Reconciler.Tests.Watch;

/// <summary>What one batch makes the session do, on an engine that records calls: Compose's order of precedence per service.</summary>
public sealed class WatchSessionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("composer-watch-").FullName;
    private readonly List<string> _rebuilt = [];
    private readonly List<string> _report = [];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (WatchSession Session, List<string> Calls) Session(string services)
    {
        File.WriteAllText(Path.Combine(_dir, "Dockerfile"), "FROM busybox\n");
        var project = ProjectLoader.LoadText("services:\n" + services, Path.Combine(_dir, "compose.yaml"), null, "proj");
        var engine = RecordingEngine.Create();
        var session = new WatchSession(engine, project, WatchRouter.For(project, project.Services.Keys), _report.Add)
        {
            RebuildAsync = (service, _) => { _rebuilt.Add(service); return Task.CompletedTask; },
        };
        return (session, ((RecordingEngine)(object)engine).Calls);
    }

    private string Write(string relative)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, relative);
        return path;
    }

    [Fact]
    public async Task A_rebuild_takes_precedence_over_the_services_syncs()
    {
        var (session, calls) = Session("""
              web:
                build: .
                develop:
                  watch:
                    - {path: ./src, action: sync, target: /src}
                    - {path: ./src/requirements.txt, action: rebuild}
            """);
        await session.HandleAsync([Write("src/app.py"), Write("src/requirements.txt")], CancellationToken.None);
        Assert.Equal(["web"], _rebuilt);
        Assert.DoesNotContain(calls, c => c.StartsWith("PutArchive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Syncs_come_first_then_one_restart_for_the_service()
    {
        var (session, calls) = Session("""
              web:
                image: busybox
                develop:
                  watch:
                    - {path: ./conf, action: sync+restart, target: /etc/app}
                    - {path: ./other.txt, action: restart}
            """);
        await session.HandleAsync([Write("conf/a.ini"), Write("other.txt")], CancellationToken.None);
        Assert.Equal(["ListContainers", "PutArchive c1 /", "RestartContainer c1"], calls);
        Assert.Contains(_report, line => line.StartsWith("web: restarted after conf/a.ini", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_path_is_removed_with_rm_and_nothing_is_uploaded()
    {
        var (session, calls) = Session("""
              web:
                image: busybox
                develop:
                  watch:
                    - {path: ./src, action: sync, target: /src}
            """);
        await session.HandleAsync([Path.Combine(_dir, "src", "gone.py")], CancellationToken.None);
        Assert.Equal(["ListContainers", "CreateExec c1 rm -rf -- /src/gone.py", "StartExecInteractive", "InspectExec"], calls);
        Assert.Contains(_report, line => line.Contains("removed src/gone.py", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_exec_runs_the_hook_after_the_sync_and_ignored_files_do_nothing()
    {
        var (session, calls) = Session("""
              web:
                image: busybox
                develop:
                  watch:
                    - path: ./src
                      action: sync+exec
                      target: /src
                      ignore: ["*.tmp"]
                      exec: {command: ["kill", "-HUP", "1"]}
            """);
        await session.HandleAsync([Write("src/x.tmp")], CancellationToken.None);
        Assert.Empty(calls);
        await session.HandleAsync([Write("src/app.py")], CancellationToken.None);
        Assert.Equal(["ListContainers", "PutArchive c1 /", "CreateExec c1 kill -HUP 1", "StartExecInteractive", "InspectExec"], calls);
    }
}

/// <summary>An engine that records the calls a watch session makes and answers them as a one-container service would.</summary>
public class RecordingEngine : DispatchProxy
{
    public List<string> Calls { get; } = [];

    public static IEngineClient Create() => Create<IEngineClient, RecordingEngine>();

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        var name = method!.Name.Replace("Async", "", StringComparison.Ordinal);
        switch (name)
        {
            case "ListContainers":
                Calls.Add(name);
                return Task.FromResult<IReadOnlyList<ContainerSummary>>([new ContainerSummary { Id = "c1" }]);
            case "PutArchive":
                Calls.Add($"{name} {args![0]} {args[1]}");
                return Task.CompletedTask;
            case "RestartContainer":
                Calls.Add($"{name} {args![0]}");
                return Task.CompletedTask;
            case "CreateExec":
                Calls.Add($"{name} {args![0]} {string.Join(' ', ((ExecRequest)args[1]!).Cmd!)}");
                return Task.FromResult("exec1");
            case "StartExecInteractive":
                Calls.Add(name);
                // No output: the connection ends at once.
                var connection = (HijackedConnection)Activator.CreateInstance(typeof(HijackedConnection), BindingFlags.NonPublic | BindingFlags.Instance, null, [new MemoryStream(), null], null)!;
                return Task.FromResult(connection);
            case "InspectExec":
                Calls.Add(name);
                return Task.FromResult(new ExecInspect { ExitCode = 0 });
            default:
                throw new NotSupportedException($"the watch session should not call {method.Name}");
        }
    }
}
