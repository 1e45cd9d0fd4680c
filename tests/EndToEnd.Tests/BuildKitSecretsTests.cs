using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>
/// Build secrets and ssh agents, served by composer's own BuildKit session (no docker CLI on its
/// PATH): compose's `build.secrets` from a file and from the environment, compose's `build.ssh` and
/// `build --ssh` answered by a real ssh-agent, and clear refusals of sources that cannot serve.
/// </summary>
public sealed class BuildKitSecretsTests
{
    private static readonly string EmptyPath = Directory.CreateTempSubdirectory("composer-no-docker-").FullName;

    private static Dictionary<string, string> NoDockerCli(params (string Key, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["PATH"] = EmptyPath, ["DOCKER_BUILDKIT"] = "1", ["SSH_AUTH_SOCK"] = "" };
        foreach (var (key, value) in more) environment[key] = value;
        return environment;
    }

    /// <summary>
    /// Every entry of `docker save`'s archive (each layer's tar, the image config, the manifest) that holds
    /// <paramref name="needle"/> as bytes: layer tars are uncompressed there, so a file written with the
    /// secret in it shows up as is.
    /// </summary>
    private static async Task<List<string>> EntriesHoldingAsync(string image, string needle)
    {
        var directory = Directory.CreateTempSubdirectory("bksec-save-");
        try
        {
            var archive = Path.Combine(directory.FullName, "image.tar");
            (await ProcessRunner.RunAsync("docker", ["save", "-o", archive, image])).EnsureSuccess("docker save");
            var wanted = Encoding.UTF8.GetBytes(needle);
            var found = new List<string>();
            var layers = 0;
            await using var reader = new TarReader(File.OpenRead(archive));
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                if (entry.DataStream is null) continue;
                using var content = new MemoryStream();
                await entry.DataStream.CopyToAsync(content);
                if (entry.Name.EndsWith("layer.tar", StringComparison.Ordinal)) layers++;
                if (content.GetBuffer().AsSpan(0, (int)content.Length).IndexOf(wanted) >= 0) found.Add(entry.Name);
            }
            Assert.True(layers >= 2, $"the saved image has {layers} layers; the scan would prove nothing");
            return found;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Secrets_from_a_file_and_the_environment_are_readable_in_run_and_in_no_layer_of_the_image()
    {
        var fromFile = "file-" + Guid.NewGuid().ToString("N");
        var fromEnvironment = "env-" + Guid.NewGuid().ToString("N");
        await using var project = new TempProject("""
            services:
              app:
                build:
                  context: ./app
                  secrets:
                    - token
                    - source: password
                      target: db_password
              leaky:
                build:
                  context: ./leaky
                  secrets: [password]
            secrets:
              token:
                file: ./token.txt
              password:
                environment: BKSEC_PASSWORD
            """, prefix: "bksec") { Environment = NoDockerCli(("BKSEC_PASSWORD", fromEnvironment)) };
        project.Write("token.txt", fromFile);
        project.Write("app/Dockerfile", """
            FROM busybox:latest
            RUN --mount=type=secret,id=token --mount=type=secret,id=db_password echo "read: $(cat /run/secrets/token) $(cat /run/secrets/db_password)"
            RUN echo built > /built
            """);
        // The control: a build that does write its secret into the image, so the scan is seen to find one.
        project.Write("leaky/Dockerfile", """
            FROM busybox:latest
            RUN --mount=type=secret,id=password cp /run/secrets/password /leaked
            """);
        string app = $"{project.Name}-app", leaky = $"{project.Name}-leaky";
        try
        {
            var build = await project.ComposerOkAsync("build", "--no-cache");
            Assert.Contains($"read: {fromFile} {fromEnvironment}", build.All);

            Assert.Empty(await EntriesHoldingAsync(app, fromFile));
            Assert.Empty(await EntriesHoldingAsync(app, fromEnvironment));
            Assert.Contains(await EntriesHoldingAsync(leaky, fromEnvironment), entry => entry.EndsWith("layer.tar", StringComparison.Ordinal));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", app, leaky);
        }
    }

    /// <summary>A real ssh-agent on a socket of its own, holding one fresh key.</summary>
    private sealed class TestAgent : IAsyncDisposable
    {
        private readonly Process _agent;
        private readonly DirectoryInfo _directory;

        private TestAgent(Process agent, DirectoryInfo directory, string socket, string publicKey)
        {
            _agent = agent;
            _directory = directory;
            Socket = socket;
            PublicKey = publicKey;
        }

        public string Socket { get; }
        /// <summary>`ssh-ed25519 BASE64 comment`.</summary>
        public string PublicKey { get; }
        public string Comment => PublicKey.Split(' ')[2];
        /// <summary>The key blob in hex, as the agent lists it.</summary>
        public string BlobHex => Convert.ToHexStringLower(Convert.FromBase64String(PublicKey.Split(' ')[1]));

        public static async Task<TestAgent> StartAsync()
        {
            var directory = Directory.CreateTempSubdirectory("bksec-");
            var socket = Path.Combine(directory.FullName, "agent.sock");
            var key = Path.Combine(directory.FullName, "id_ed25519");
            var comment = "bksec-" + Guid.NewGuid().ToString("N")[..12];
            (await ProcessRunner.RunAsync("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key])).EnsureSuccess("ssh-keygen");
            var agent = Process.Start(new ProcessStartInfo("/usr/bin/ssh-agent", ["-D", "-a", socket]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            for (var i = 0; i < 100 && !File.Exists(socket); i++) await Task.Delay(50);
            (await ProcessRunner.RunAsync("/usr/bin/ssh-add", [key], environment: new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = socket })).EnsureSuccess("ssh-add");
            return new TestAgent(agent, directory, socket, (await File.ReadAllTextAsync(key + ".pub")).Trim());
        }

        public async Task<string> ListAsync() =>
            (await ProcessRunner.RunAsync("/usr/bin/ssh-add", ["-L"], environment: new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = Socket })).Stdout;

        public async ValueTask DisposeAsync()
        {
            _agent.Kill();
            await _agent.WaitForExitAsync();
            _agent.Dispose();
            _directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Speaks the agent protocol from the RUN step (debian's perl-base has unix sockets): lists the
    /// keys (REQUEST_IDENTITIES, 11 → 12), then asks to remove them all (19), which must fail (5).
    /// </summary>
    private const string AgentProbe = """
        use strict; use IO::Socket::UNIX;
        sub ask { my ($msg) = @_;
          my $s = IO::Socket::UNIX->new(Peer => $ENV{SSH_AUTH_SOCK}) or die "no agent at $ENV{SSH_AUTH_SOCK}: $!";
          print $s pack("N", length $msg) . $msg;
          read($s, my $l, 4) == 4 or die "short answer"; my $n = unpack("N", $l);
          read($s, my $b, $n) == $n or die "short answer"; close $s; return $b; }
        my $r = ask(chr(11));
        my ($type, $count) = unpack("CN", $r); print "answer $type keys $count\n";
        my $p = 5;
        for (1 .. $count) {
          my $bl = unpack("N", substr($r, $p, 4)); my $blob = substr($r, $p + 4, $bl); $p += 4 + $bl;
          my $cl = unpack("N", substr($r, $p, 4)); my $c = substr($r, $p + 4, $cl); $p += 4 + $cl;
          print "key " . unpack("H*", $blob) . " $c\n"; }
        print "remove-all answer " . ord(ask(chr(19))) . "\n";
        """;

    private static TempProject SshProject(string ssh, string mount, Dictionary<string, string> environment)
    {
        var project = new TempProject($"""
            services:
              app:
                build:
                  context: ./app
            {ssh}
            """, prefix: "bksec") { Environment = environment };
        project.Write("app/probe.pl", AgentProbe);
        project.Write("app/Dockerfile", $"""
            FROM debian:bookworm
            COPY probe.pl /probe.pl
            RUN {mount} perl /probe.pl
            """);
        return project;
    }

    private static async Task AssertAgentSeenAsync(TestAgent agent, ProcessResult build)
    {
        Assert.Contains("answer 12 keys 1", build.All);
        Assert.Contains($"key {agent.BlobHex} {agent.Comment}", build.All);
        Assert.Contains("remove-all answer 5", build.All);
        Assert.Contains(agent.PublicKey.Split(' ')[1], await agent.ListAsync()); // still there
    }

    [Fact]
    public async Task Compose_build_ssh_default_forwards_the_agent_of_ssh_auth_sock_read_only()
    {
        await using var agent = await TestAgent.StartAsync();
        await using var project = SshProject("      ssh: [default]", "--mount=type=ssh", NoDockerCli(("SSH_AUTH_SOCK", agent.Socket)));
        try
        {
            await AssertAgentSeenAsync(agent, await project.ComposerOkAsync("build", "--no-cache"));
        }
        finally
        {
            await Docker.TryAsync("rmi", "-f", $"{project.Name}-app");
        }
    }

    [Fact]
    public async Task Build_ssh_flag_forwards_the_default_agent_and_an_agent_by_id()
    {
        await using var agent = await TestAgent.StartAsync();
        await using (var project = SshProject("", "--mount=type=ssh", NoDockerCli(("SSH_AUTH_SOCK", agent.Socket))))
        {
            try
            {
                await AssertAgentSeenAsync(agent, await project.ComposerOkAsync("build", "--no-cache", "--ssh", "default"));
            }
            finally
            {
                await Docker.TryAsync("rmi", "-f", $"{project.Name}-app");
            }
        }
        await using (var project = SshProject("", "--mount=type=ssh,id=deploy", NoDockerCli()))
        {
            try
            {
                await AssertAgentSeenAsync(agent, await project.ComposerOkAsync("build", "--no-cache", "--ssh", $"deploy={agent.Socket}"));
            }
            finally
            {
                await Docker.TryAsync("rmi", "-f", $"{project.Name}-app");
            }
        }
    }

    /// <summary>
    /// A required ssh mount whose id the build was not given fails with our answer to CheckAgent. (Without
    /// `required=true` BuildKit skips the mount and the step runs with no agent, as with the docker CLI.)
    /// </summary>
    [Fact]
    public async Task A_required_ssh_id_the_build_was_not_given_fails_naming_it()
    {
        await using var agent = await TestAgent.StartAsync();
        await using var project = SshProject("      ssh: [default]", "--mount=type=ssh,id=gitea_key,required=true", NoDockerCli(("SSH_AUTH_SOCK", agent.Socket)));
        var result = await project.ComposerAsync("build");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no ssh agent was given for id \"gitea_key\"", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Ssh_sources_that_cannot_serve_are_refused_naming_them_before_building()
    {
        await using var project = SshProject("      ssh: [default]", "--mount=type=ssh", NoDockerCli());
        var result = await project.ComposerAsync("build");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ssh id \"default\": SSH_AUTH_SOCK is not set", result.Stderr);

        Assert.Empty((await Docker.RunAsync("images", "-q", $"{project.Name}-app")).Trim());

        await using var flagged = SshProject("", "--mount=type=ssh,id=deploy", NoDockerCli());
        result = await flagged.ComposerAsync("build", "--ssh", "deploy=/nonexistent/agent.sock");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ssh id \"deploy\": /nonexistent/agent.sock does not exist", result.Stderr);

        result = await flagged.ComposerAsync("build", "--ssh", "deploy");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("invalid ssh key \"deploy\" for --ssh", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Empty((await Docker.RunAsync("images", "-q", $"{flagged.Name}-app")).Trim());
    }

    [Fact]
    public async Task A_missing_secret_source_is_refused_naming_it()
    {
        await using var project = new TempProject("""
            services:
              app:
                build:
                  context: ./app
                  secrets: [token, password]
            secrets:
              token:
                file: ./absent-token.txt
              password:
                environment: BKSEC_UNSET_VARIABLE
            """, prefix: "bksec") { Environment = NoDockerCli() };
        project.Write("app/Dockerfile", "FROM busybox:latest\nRUN --mount=type=secret,id=token cat /run/secrets/token\n");
        var result = await project.ComposerAsync("build");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("absent-token.txt not found", result.Stderr);
        Assert.Contains("BKSEC_UNSET_VARIABLE", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task The_classic_builder_refuses_secrets_and_ssh_instead_of_dropping_them()
    {
        await using var project = new TempProject("""
            services:
              app:
                build:
                  context: ./app
                  secrets: [token]
            secrets:
              token:
                file: ./token.txt
            """, prefix: "bksec") { Environment = NoDockerCli(("DOCKER_BUILDKIT", "0")) };
        project.Write("token.txt", "x");
        project.Write("app/Dockerfile", "FROM busybox:latest\n");
        var result = await project.ComposerAsync("build");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("compose.yaml:5:7: service 'app': build.secrets needs BuildKit's session, which the classic builder (chosen by DOCKER_BUILDKIT=0", result.Stderr);

        result = await project.ComposerAsync("build", "--ssh", "default");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--ssh needs BuildKit, but DOCKER_BUILDKIT=0 chose the classic builder", result.Stderr);
        Assert.Empty((await Docker.RunAsync("images", "-q", $"{project.Name}-app")).Trim());
    }
}
