using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Execution;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Reconciler.Tests.Supervision;
using Composer.Testing;

namespace Composer.Reconciler.Tests.Execution;

/// <summary>
/// build.secrets and build.ssh reach the engine's build request as docker compose maps them: a
/// secret's id is its target when written, else its name; file and environment sources; ssh ids with
/// or without a socket. Sources that cannot serve are named before anything is built.
/// </summary>
public sealed class BuildSessionSourcesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("composer-build-sources-");

    public void Dispose() => _directory.Delete(recursive: true);

    private Project Load(string build, string secrets, IReadOnlyDictionary<string, string>? environment = null) => ProjectLoader.LoadText($"""
        services:
          app:
            build:
              context: {_directory.FullName}
        {build}
        secrets:
        {secrets}
        """, Path.Combine(_directory.FullName, "compose.yaml"), environment, projectName: "sources");

    private static async Task<(FakeEngine Engine, Exception? Error)> BuildAsync(Project project, long? memory = null)
    {
        var engine = new FakeEngine();
        var reconciler = new ProjectReconciler(engine, project, SilentObserver.Instance) { Build = new() { Memory = memory } };
        var error = await Record.ExceptionAsync(() => reconciler.EnsureImagesAsync(DesiredStateBuilder.Build(project, ["app"]), BuildPolicy.Always, CancellationToken.None));
        return (engine, error);
    }

    /// <summary>The refusal, as the plan's executor wraps it (naming the build that failed).</summary>
    private static BuildSourceException Refusal(Exception? error) =>
        Assert.IsType<BuildSourceException>(Assert.IsType<PlanExecutionException>(error).InnerException);

    [Fact]
    public async Task Short_and_long_syntax_secrets_reach_the_build_under_their_ids()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "token.txt"), "from-file");
        var project = Load("""
                  secrets:
                    - token
                    - source: password
                      target: db_password
                      uid: "103"
                      mode: 0400
            """, """
              token:
                file: ./token.txt
              password:
                environment: DB_PASSWORD
            """, new Dictionary<string, string> { ["DB_PASSWORD"] = "from-env" });

        var (engine, error) = await BuildAsync(project);

        Assert.Null(error);
        var secrets = Assert.Single(engine.BuildRequests).Secrets;
        Assert.Equal(["token", "db_password"], secrets.Select(s => s.Id));
        Assert.Equal(Path.Combine(_directory.FullName, "token.txt"), secrets[0].File);
        Assert.Equal("from-file", System.Text.Encoding.UTF8.GetString(secrets[0].Read()!));
        // The project's environment (a .env file's variables too), not only the process's.
        Assert.Equal("from-env", System.Text.Encoding.UTF8.GetString(secrets[1].Read()!));
    }

    [Fact]
    public async Task A_missing_secret_file_is_named_and_nothing_is_built()
    {
        // Loading already refuses a missing file; this is the file gone between loading and building.
        var file = Path.Combine(_directory.FullName, "token.txt");
        File.WriteAllText(file, "x");
        var project = Load("      secrets: [token]", "  token:\n    file: ./token.txt");
        File.Delete(file);
        var (engine, error) = await BuildAsync(project);
        Assert.Equal($"service 'app': build secret 'token': file {file} not found", Refusal(error).Message);
        Assert.Empty(engine.BuildRequests);
    }

    [Fact]
    public async Task An_external_secret_cannot_serve_a_build()
    {
        var (engine, error) = await BuildAsync(Load("      secrets: [token]", "  token:\n    external: true"));
        Assert.Equal("service 'app': build secret 'token': build.secrets only supports environment or file-based secrets (this one is external)",
            Refusal(error).Message);
        Assert.Empty(engine.BuildRequests);
    }

    [Fact]
    public async Task Ssh_ids_reach_the_build_default_without_a_socket()
    {
        var project = Load("""
                  ssh:
                    - default
                    - gitlab=/run/gitlab-agent.sock
            """, "  unused:\n    file: ./compose.yaml");
        var (engine, error) = await BuildAsync(project);
        Assert.Null(error);
        Assert.Equal([new BuildSshAgent("default"), new BuildSshAgent("gitlab", "/run/gitlab-agent.sock")], Assert.Single(engine.BuildRequests).Ssh);
    }

    [Fact]
    public async Task Secrets_and_ssh_with_the_classic_builder_are_refused_at_their_positions_before_any_build()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "token.txt"), "x");
        var project = Load("      secrets: [token]\n      ssh: [default]", "  token:\n    file: ./token.txt");
        var (engine, error) = await BuildAsync(project, memory: 64 * 1024 * 1024);
        var lines = Assert.IsType<UnbuildableKeysException>(error).Message.Split('\n');
        var file = Path.Combine(_directory.FullName, "compose.yaml");
        Assert.StartsWith($"{file}:5:7: service 'app': build.secrets needs BuildKit's session, which the classic builder (chosen by DOCKER_BUILDKIT=0, `build -m` or build.ulimits)", lines[0]);
        Assert.StartsWith($"{file}:6:7: service 'app': build.ssh needs BuildKit's session", lines[1]);
        Assert.Empty(engine.BuildRequests);

        (engine, error) = await BuildAsync(project);
        Assert.Null(error);
        Assert.Single(engine.BuildRequests);
    }
}
