using System.Text;
using Microsoft.Extensions.Logging;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// A writer whose every line becomes one log entry, prefixed with the project: how the status and
/// warnings the application service writes to its terminal reach the agent's log.
/// </summary>
internal sealed class LoggedLines(ILogger logger, string project, LogLevel level) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value != '\n') { _line.Append(value); return; }
            var text = _line.ToString().TrimEnd('\r');
            _line.Clear();
            if (text.Length > 0) logger.Log(level, "{Project}: {Line}", project, text);
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "") Write(c);
    }
}
