using Composer.Model;
using Composer.Reconciler.Execution;

namespace Composer.Reconciler.Tests.Execution;

/// <summary>Build failures whose engine message hides the cause get it spelled out (messages as a 20.10.24 engine gave them).</summary>
public sealed class BuildFailureTests
{
    private const string UnpulledFrontend = "failed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: failed to do request: "
        + "Head \"https://registry-1.docker.io/v2/docker/dockerfile/manifests/1.4\": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host";

    private static BuildConfig Inline(string dockerfile) => new() { Context = Path.GetTempPath(), DockerfileInline = dockerfile };

    [Fact]
    public void A_foreign_program_that_could_not_run_is_explained_with_the_platform()
    {
        var failure = new BuildFailure();
        failure.Watch("#5 exec /bin/sh: exec format error");
        var message = failure.Explain("executor failed running [/bin/sh -c echo hi > /hi]: exit code: 1", "linux/s390x", Inline("FROM x\n"));
        Assert.StartsWith("executor failed running [/bin/sh -c echo hi > /hi]: exit code: 1 (a RUN started a program of linux/s390x that this engine cannot run: "
            + "it has no emulator registered for that platform", message);
    }

    [Fact]
    public void An_ordinary_failure_is_left_as_the_engine_said_it()
    {
        var failure = new BuildFailure();
        failure.Watch("#5 sh: false: not found");
        Assert.Null(failure.Explain("executor failed running [/bin/sh -c false]: exit code: 127", null, Inline("FROM x\n")));
        Assert.Null(failure.Explain(UnpulledFrontend, null, Inline("FROM x\n"))); // no # syntax= line: not the frontend's pull
    }

    [Fact]
    public void A_syntax_frontend_that_could_not_be_pulled_is_named_with_its_line()
    {
        var message = new BuildFailure().Explain(UnpulledFrontend, null, Inline("# escape=\\\n#syntax = docker/dockerfile:1.4\nFROM busybox\n"));
        Assert.StartsWith("dockerfile_inline:2: the Dockerfile frontend image 'docker/dockerfile:1.4' named by its `# syntax=` line could not be pulled: "
            + UnpulledFrontend + ". Remove that line", message);
    }

    [Fact]
    public void An_error_the_syntax_frontend_itself_returned_is_not_called_a_pull_failure()
    {
        Assert.True(BuildFailure.SyntaxPullFailed(UnpulledFrontend));
        Assert.False(BuildFailure.SyntaxPullFailed("failed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: rpc error: code = Unknown desc = dockerfile parse error"));
        Assert.False(BuildFailure.SyntaxPullFailed("failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 2: Unknown flag: network"));
    }

    [Fact]
    public void The_syntax_directive_is_read_only_from_the_directives_the_dockerfile_starts_with()
    {
        var directory = Directory.CreateTempSubdirectory("composer-syntax-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "Custom.Dockerfile"), "# syntax=example/frontend:2\r\nFROM busybox\n");
            var found = BuildFailure.SyntaxDirective(new BuildConfig { Context = directory, Dockerfile = "Custom.Dockerfile" });
            Assert.Equal((Path.Combine(directory, "Custom.Dockerfile") + ":1", "example/frontend:2"), found);
            Assert.Null(BuildFailure.SyntaxDirective(Inline("FROM busybox\n# syntax=late/frontend\n")));
            Assert.Null(BuildFailure.SyntaxDirective(new BuildConfig { Context = directory, Dockerfile = "Missing.Dockerfile" }));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_heredoc_the_built_in_frontend_read_as_instructions_is_named_with_its_line()
    {
        const string parse = "failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: ECHO";
        var message = new BuildFailure().Explain(parse, null, Inline("FROM busybox:latest\nRUN <<EOF\necho hi > /hi\nEOF\n"));
        Assert.Equal("dockerfile_inline:2: a heredoc (<<), which this engine's built-in Dockerfile frontend does not know (Docker 20.10's is BuildKit 0.8; "
            + "heredocs came with Dockerfile syntax 1.4), so it read the heredoc's lines as instructions: " + parse, message);
        Assert.Null(new BuildFailure().Explain(parse, null, Inline("FROM busybox:latest\nRUN echo <hi\nECHO\n")));
    }

    [Fact]
    public void A_base_image_missing_for_the_platform_asked_is_explained()
    {
        const string unresolved = "failed to solve with frontend dockerfile.v0: failed to create LLB definition: failed to do request: "
            + "Head \"https://registry-1.docker.io/v2/library/busybox/manifests/latest\": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host";
        Assert.Equal(unresolved + " (building for linux/s390x: the engine needs each FROM image for that platform, had none here, and could not pull one)",
            new BuildFailure().Explain(unresolved, "linux/s390x", Inline("FROM busybox:latest\n")));
        Assert.Null(new BuildFailure().Explain(unresolved, null, Inline("FROM busybox:latest\n")));
    }
}
