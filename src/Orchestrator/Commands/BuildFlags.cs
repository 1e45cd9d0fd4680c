using System.Collections.Immutable;
using System.CommandLine;
using Composer.Model;
using Composer.Model.Loading;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `build` flags beyond the basics, with docker compose's meaning, kept apart from the verb so it
/// stays short: build arguments from the command line, dependencies, the printed definition, the
/// build's memory limit, ssh agents, and the BuildKit features composer's client does not ask for yet
/// (refused, naming the flag, rather than silently ignored).
/// </summary>
internal sealed class BuildFlags
{
    private readonly Option<string[]> _buildArgs = Args.Many("--build-arg", "Set build-time variables for services (KEY=VALUE, or KEY to take it from the environment)");
    private readonly Option<bool> _withDependencies = Args.Flag("--with-dependencies", "Also build dependencies (transitively)");
    private readonly Option<bool> _print = Args.Flag("--print", "Print equivalent bake file");
    private readonly Option<bool> _check = Args.Flag("--check", "Check build configuration");
    private readonly Option<string?> _memory = Args.Value<string?>("--memory", "Set memory limit for the build container", "-m");
    private readonly Option<string?> _builder = Args.Value<string?>("--builder", "Set builder to use");
    private readonly Option<string?> _provenance = Args.Value<string?>("--provenance", "Add a provenance attestation");
    private readonly Option<string?> _sbom = Args.Value<string?>("--sbom", "Add a SBOM attestation");
    private readonly Option<string?> _ssh = new("--ssh")
    {
        Description = "Set SSH authentications used when building service images ('default' for your SSH agent)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public IEnumerable<Option> Options => [_buildArgs, _withDependencies, _print, _check, _memory, _builder, _provenance, _sbom, _ssh];

    public bool WithDependencies(ParseResult parse) => parse.GetValue(_withDependencies);

    public bool Print(ParseResult parse) => parse.GetValue(_print);

    /// <summary>What needs BuildKit or another builder, refused before anything is built.</summary>
    public void RefuseUnsupported(ParseResult parse)
    {
        if (parse.GetValue(_check))
            throw new UsageException("--check needs BuildKit's build checks, which composer's BuildKit client does not ask for yet");
        if (parse.GetValue(_builder) is { Length: > 0 } builder && builder != "default")
            throw new UsageException($"--builder \"{builder}\": only the engine's default builder is available (Composer does not use buildx)");
        // "false" asks for no attestation, which is what composer's builds give anyway.
        foreach (var (option, what) in new[] { (_provenance, "provenance attestations"), (_sbom, "SBOM attestations") })
            if (parse.GetResult(option) is not null && parse.GetValue(option) is not ("false" or "0"))
                throw new UsageException($"{option.Name} needs BuildKit's {what}, which composer's BuildKit client does not ask for yet");
        if (parse.GetResult(_ssh) is not null && Environment.GetEnvironmentVariable("DOCKER_BUILDKIT")?.Trim().ToLowerInvariant() is "0" or "false")
            throw new UsageException("--ssh needs BuildKit, but DOCKER_BUILDKIT=0 chose the classic builder");
    }

    /// <summary>
    /// --ssh as docker compose reads it: `default` (also the flag alone) is the user's agent, `id=path` an agent
    /// socket or private key files (`id=/a,/b`); added to every service's build.ssh (replacing an entry of the same id).
    /// </summary>
    public Project WithSsh(Project project, ParseResult parse)
    {
        if (parse.GetResult(_ssh) is null) return project;
        var text = parse.GetValue(_ssh) is { Length: > 0 } given ? given : "default";
        var equals = text.IndexOf('=');
        if (equals < 0 && text != "default" || equals == 0)
            throw new UsageException($"invalid ssh key \"{text}\" for --ssh: expected default or ID=PATH");
        var (id, path) = equals < 0 ? (text, (string?)null) : (text[..equals], text[(equals + 1)..]);
        return project with
        {
            Services = project.Services.ToImmutableSortedDictionary(s => s.Key, s => s.Value.Build is { } build
                ? s.Value with { Build = build with { Ssh = build.Ssh.SetItem(id, path) } }
                : s.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>-m/--memory in bytes (`512m`, `1g`, or a number of bytes).</summary>
    public long? Memory(ParseResult parse)
    {
        if (parse.GetValue(_memory) is not { Length: > 0 } text) return null;
        return Units.TryParseBytes(text, out var bytes) && bytes > 0
            ? bytes
            : throw new UsageException($"invalid argument \"{text}\" for \"-m, --memory\": expected a size such as 512m or 2g");
    }

    /// <summary>--build-arg values as given (the service applies them).</summary>
    public string[] BuildArgs(ParseResult parse) => parse.GetValue(_buildArgs) ?? [];
}
