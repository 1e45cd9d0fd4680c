using Composer.Model;
using Composer.Reconciler.Execution;
using Composer.Reconciler.State;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Cli;

/// <summary>
/// Turns what went wrong into what the user reads: one clear message on stderr and a non-zero
/// exit; a stack trace only with --verbose. Bad input is answered, not crashed on.
/// </summary>
internal static class ErrorReporter
{
    public static int Report(Exception error, TextWriter stderr, bool verbose)
    {
        switch (error)
        {
            case ComposeModelException model:
                foreach (var diagnostic in model.Diagnostics) stderr.WriteLine(diagnostic.ToString());
                break;
            case PlanExecutionException failed:
                stderr.WriteLine($"Error: {failed.Message}");
                break;
            case UnknownServiceException or UsageException:
                stderr.WriteLine(error.Message);
                break;
            case OperationCanceledException:
                stderr.WriteLine("canceled");
                return 130;
            default:
                stderr.WriteLine($"Error: {Root(error).Message}");
                break;
        }
        if (verbose) stderr.WriteLine(error.ToString());
        return error is UsageException usage ? usage.ExitCode : 1;
    }

    private static Exception Root(Exception error) =>
        error is AggregateException { InnerExceptions.Count: 1 } aggregate ? Root(aggregate.InnerExceptions[0]) : error;
}
