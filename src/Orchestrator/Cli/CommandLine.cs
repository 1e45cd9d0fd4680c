using System.CommandLine;
using Composer.Orchestrator.Application;
using Composer.Orchestrator.Commands;
using Composer.Orchestrator.Output;

namespace Composer.Orchestrator.Cli;

/// <summary>The `composer` command tree, and the one place where errors become exit codes.</summary>
public static class CommandLine
{
    /// <summary>Every verb and flag: what the parser accepts (the parity table's test reads it too).</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("Composer: define and run multi-container applications with Docker");
        GlobalOptions.AddTo(root);
        foreach (var command in Verbs()) root.Subcommands.Add(command);
        root.Subcommands.Add(HelpCommand.Create(root));
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Root();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0) return UsageErrors.Report(parse, root, Console.Error);

        using var cancel = new CancellationTokenSource();
        using var force = new CancellationTokenSource();
        Interrupts.Force = force.Token;
        // First Ctrl-C: cancel (verbs wind down gracefully). Second: force, for a verb that asked to
        // hear it (attached `up` kills instead of waiting); otherwise the process ends.
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (!cancel.IsCancellationRequested) { e.Cancel = true; cancel.Cancel(); }
            else if (Interrupts.ForceWanted && !force.IsCancellationRequested) { e.Cancel = true; force.Cancel(); }
            else e.Cancel = false;
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancel.Token);
        }
        catch (Exception error)
        {
            return ErrorReporter.Report(error, Console.Error, parse.GetValue(GlobalOptions.Verbose));
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static IEnumerable<Command> Verbs() =>
    [
        UpCommand.Create(), CreateCommand.Create(), DownCommand.Create(), PsCommand.Create(), LogsCommand.Create(),
        BuildCommand.Create(), PullCommand.Create(), PushCommand.Create(), ConfigCommand.Create(),
        StartCommand.Create(), StopCommand.Create(), RestartCommand.Create(), KillCommand.Create(), PauseCommand.Create(),
        UnpauseCommand.Create(), RmCommand.Create(),
        ExecCommand.Create(), RunCommand.Create(), CopyCommand.Create(), TopCommand.Create(), PortCommand.Create(),
        ImagesCommand.Create(), EventsCommand.Create(), LsCommand.Create(), VersionCommand.Create(), WaitCommand.Create(),
        WatchCommand.Create(), AgentCommand.Create(), JobsCommand.Create(), ScaleCommand.Create(),
        StackCommand.Create(),
        AttachCommand.Create(), CommitCommand.Create(), ExportCommand.Create(), StatsCommand.Create(), VolumesCommand.Create(),
    ];

    /// <param name="quiet">A verb's own -q (`run -q`): no progress, whatever --progress says.</param>
    public static Terminal Terminal(ParseResult parse, bool quiet = false) =>
        new(parse.GetValue(GlobalOptions.Ansi), statusToStdout: ComposeVariables.StatusToStdout)
        {
            Progress = quiet ? ProgressMode.Quiet : parse.GetValue(GlobalOptions.Progress),
            DryRun = parse.GetValue(GlobalOptions.DryRun),
        };
}
