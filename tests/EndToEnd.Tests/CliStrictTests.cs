using Composer.EndToEnd.Tests.Harness;

namespace Composer.EndToEnd.Tests;

/// <summary>Command lines that do not make sense are answered as docker compose answers them.</summary>
public sealed class CliStrictTests
{
    /// <summary>docker compose's exit code for a command-line syntax error (CommandSyntaxFailure).</summary>
    private const int SyntaxError = 16;

    public static TheoryData<string[]> VerbsGivenAnUnknownService => new()
    {
        { ["ps", "nosuch"] }, { ["logs", "nosuch"] }, { ["top", "nosuch"] }, { ["images", "nosuch"] }, { ["events", "nosuch"] },
        { ["rm", "-f", "nosuch"] }, { ["start", "nosuch"] }, { ["stop", "nosuch"] }, { ["restart", "nosuch"] }, { ["kill", "nosuch"] },
        { ["pause", "nosuch"] }, { ["unpause", "nosuch"] }, { ["port", "nosuch", "80"] }, { ["exec", "nosuch", "true"] },
        { ["run", "nosuch"] }, { ["up", "-d", "nosuch"] }, { ["create", "nosuch"] }, { ["wait", "nosuch"] },
        { ["push", "nosuch"] }, { ["pull", "nosuch"] }, { ["stats", "--no-stream", "nosuch"] }, { ["export", "nosuch"] },
        { ["commit", "nosuch"] }, { ["attach", "nosuch"] }, { ["volumes", "nosuch"] }, { ["build", "nosuch"] }, { ["restart", "--no-deps", "nosuch"] },
    };

    [Theory]
    [MemberData(nameof(VerbsGivenAnUnknownService))]
    public async Task An_unknown_service_is_no_such_service_with_exit_1(string[] args)
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var result = await project.ComposerAsync(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("no such service: nosuch", result.Stderr.Trim());
    }

    [Theory]
    [InlineData("ps", "--nosuchflag")]
    [InlineData("--nosuchflag", "ps")]
    [InlineData("logs", "box", "--nosuchflag")]
    public async Task An_unknown_flag_is_named_and_is_a_syntax_error(params string[] args)
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var result = await project.ComposerAsync(args);
        Assert.Equal(SyntaxError, result.ExitCode);
        Assert.Contains("unknown flag: --nosuchflag", result.Stderr);
        Assert.DoesNotContain("no such service", result.Stderr);
    }

    [Fact]
    public async Task An_unknown_verb_is_named_and_is_a_syntax_error()
    {
        var result = await ComposerCli.RunAsync(Path.GetTempPath(), "nosuchverb");
        Assert.Equal(SyntaxError, result.ExitCode);
        Assert.Contains("unknown command: \"nosuchverb\"", result.Stderr);
    }

    [Fact]
    public async Task Bare_composer_prints_the_help_and_succeeds()
    {
        var result = await ComposerCli.RunAsync(Path.GetTempPath());
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout);
        Assert.Contains("Commands:", result.Stdout);
    }

    [Fact]
    public async Task Help_verb_prints_the_help_of_the_verb_it_names()
    {
        var all = await ComposerCli.RunAsync(Path.GetTempPath(), "help");
        Assert.Equal(0, all.ExitCode);
        Assert.Contains("Commands:", all.Stdout);

        var ps = await ComposerCli.RunAsync(Path.GetTempPath(), "help", "ps");
        Assert.Equal(0, ps.ExitCode);
        Assert.Contains("List containers", ps.Stdout);
        Assert.Contains("--quiet", ps.Stdout);

        var unknown = await ComposerCli.RunAsync(Path.GetTempPath(), "help", "nosuchverb");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("nosuchverb", unknown.Stderr);
    }

    [Fact]
    public async Task An_enum_option_error_lists_the_allowed_values_without_dotnet_type_names()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var result = await project.ComposerAsync("--ansi", "sometimes", "ps");
        Assert.Equal(SyntaxError, result.ExitCode);
        Assert.Contains("\"sometimes\"", result.Stderr);
        Assert.Contains("expected auto, never, always", result.Stderr);
        Assert.DoesNotContain("Composer.", result.Stderr);
    }

    [Fact]
    public async Task A_flag_value_of_the_wrong_kind_names_the_flag_without_dotnet_type_names()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var result = await project.ComposerAsync("stop", "-t", "soon");
        Assert.Equal(SyntaxError, result.ExitCode);
        Assert.Contains("invalid argument \"soon\" for \"--timeout\"", result.Stderr);
        Assert.DoesNotContain("System.", result.Stderr);
    }

    [Fact]
    public async Task A_missing_argument_exits_1_as_docker_compose_does()
    {
        await using var project = new TempProject(Busybox.OneIdleBox);
        var result = await project.ComposerAsync("run");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("run", result.Stderr);
    }
}
