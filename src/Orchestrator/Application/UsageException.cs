namespace Composer.Orchestrator.Application;

/// <summary>
/// A mistake in what was asked (a flag's value, a missing service, a project that is not there):
/// the message names what to fix. The CLI prints it and exits with <see cref="ExitCode"/>; the
/// agent answers its client with it. Never a stack trace.
/// </summary>
public sealed class UsageException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
