namespace Composer.Orchestrator.Output;

/// <summary>Where output goes and whether it may be decorated (colours, live progress).</summary>
public sealed class Terminal
{
    public const string DryRunPrefix = "DRY-RUN MODE - ";

    private readonly object _gate = new();

    /// <param name="statusToStdout">COMPOSE_STATUS_STDOUT: progress and status on stdout, for tools that read only that.</param>
    public Terminal(AnsiMode mode, TextWriter? output = null, TextWriter? error = null, bool statusToStdout = false)
    {
        Out = output ?? Console.Out;
        Error = statusToStdout ? Out : error ?? Console.Error;
        Decorated = mode switch
        {
            AnsiMode.Always => true,
            AnsiMode.Never => false,
            _ => !Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null
                 && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"),
        };
    }

    /// <summary>A Spectre console on stderr, so progress never mixes into data on stdout.</summary>
    public global::Spectre.Console.IAnsiConsole LiveConsole() => global::Spectre.Console.AnsiConsole.Create(new global::Spectre.Console.AnsiConsoleSettings
    {
        Ansi = Decorated ? global::Spectre.Console.AnsiSupport.Yes : global::Spectre.Console.AnsiSupport.No,
        Interactive = Decorated ? global::Spectre.Console.InteractionSupport.Yes : global::Spectre.Console.InteractionSupport.No,
        Out = new global::Spectre.Console.AnsiConsoleOutput(Error),
    });

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public bool Decorated { get; }

    /// <summary>How a verb's progress is shown (--progress / COMPOSE_PROGRESS).</summary>
    public ProgressMode Progress { get; init; }

    /// <summary>--dry-run: nothing is changed, and every status line says so.</summary>
    public bool DryRun { get; init; }

    public void Line(string text) { lock (_gate) Out.WriteLine(text); }
    public void Status(string text) { lock (_gate) Error.WriteLine(DryRun ? DryRunPrefix + text : text); }
    /// <summary>A status line exactly as given (machine-read: no dry-run prefix).</summary>
    public void StatusRaw(string text) { lock (_gate) Error.WriteLine(text); }
    public void Warn(string text) { lock (_gate) Error.WriteLine(Decorated ? $"\u001b[33mWARN\u001b[0m {text}" : $"WARN {text}"); }
}
