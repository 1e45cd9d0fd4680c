using Composer.EndToEnd.Tests.Harness;
using System.Text.RegularExpressions;
using Composer.Orchestrator.Cli;

namespace Composer.EndToEnd.Tests.Pure;

/// <summary>
/// The shape DESIGN.md asks of the orchestrator: verbs are parse → request → one call of the
/// application service (src/Orchestrator/Application), one file per verb; the service and the agent
/// never reach back into the command line. Read from the sources, so a shortcut fails here.
/// </summary>
public sealed partial class ApplicationLayerTests
{
    /// <summary>Composer's own verbs that are not docker compose operations: they talk to the agent or a swarm, not to a project.</summary>
    private static readonly string[] OwnVerbs = ["agent", "jobs", "stack", "help"];

    [Fact]
    public void The_agent_and_the_application_service_do_not_depend_on_the_command_line()
    {
        var offending = new List<string>();
        foreach (var folder in new[] { "Agent", "Application" })
            foreach (var file in Directory.GetFiles(Path.Combine(Orchestrator(), folder), "*.cs", SearchOption.AllDirectories))
                foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
                    if (CommandLineReference().IsMatch(line)) offending.Add($"{Path.GetRelativePath(Orchestrator(), file)}:{number}: {line.Trim()}");
        Assert.True(offending.Count == 0, "the CLI layer is used below it:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void Each_verb_is_its_own_file_and_reaches_the_engine_only_through_the_service()
    {
        var verbs = CommandLine.Root().Subcommands.Select(c => c.Name).ToList();
        Assert.True(verbs.Count >= 35, $"only {verbs.Count} verbs found");
        var problems = new List<string>();
        foreach (var verb in verbs.Where(v => v != "help"))
        {
            var file = Path.Combine(Orchestrator(), "Commands", FileOf(verb));
            if (!File.Exists(file)) { problems.Add($"{verb}: no {FileOf(verb)}"); continue; }
            var text = File.ReadAllText(file);
            if (!text.Contains($"\"{verb}\"", StringComparison.Ordinal)) problems.Add($"{verb}: {FileOf(verb)} does not declare it");
            if (OwnVerbs.Contains(verb)) continue;
            foreach (Match direct in DirectEngineUse().Matches(text))
                problems.Add($"{verb}: {FileOf(verb)} uses {direct.Value} instead of calling the application service");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>`cp` is CopyCommand.cs; every other verb is its name in Pascal case.</summary>
    private static string FileOf(string verb) => (verb == "cp" ? "Copy" : char.ToUpperInvariant(verb[0]) + verb[1..]) + "Command.cs";

    private static string Orchestrator() => Path.Combine(Repository.Root, "src", "Orchestrator");

    [GeneratedRegex(@"Composer\.Orchestrator\.Cli|System\.CommandLine|\bParseResult\b|\bGlobalOptions\b|\bProjectSession\b|\bComposeVariables\b|\bCli\.")]
    private static partial Regex CommandLineReference();

    [GeneratedRegex(@"\b[a-z]\w*\.Engine\b|\bIEngineClient\b|\bEngineClient\.|\.Reconciler\(|\bProjectContainers\.ListAsync|\bDesiredStateBuilder\.Build\(")]
    private static partial Regex DirectEngineUse();
}
