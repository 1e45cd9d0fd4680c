using System.CommandLine;
using System.Globalization;
using Composer.Orchestrator.Agent;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;

namespace Composer.Orchestrator.Commands;

internal static class JobsCommand
{
    public static Command Create()
    {
        var runs = Args.Flag("--runs", "List each job's recent runs with the end of their output");
        var command = new Command("jobs", "List scheduled jobs (x-composer.schedule): next run, and the last runs' exit codes") { runs };
        command.SetAction(async (parse, cancel) =>
        {
            using var agent = await AgentClient.RequireAsync(cancel);
            var jobs = (await agent.JobsAsync(cancel)).Jobs;
            if (ProjectSession.ExplicitName(parse) is { } project) jobs = [.. jobs.Where(j => j.Project == project)];
            var terminal = CommandLine.Terminal(parse);
            var now = DateTimeOffset.UtcNow;
            TextTable.Write(terminal, ["PROJECT", "JOB", "SCHEDULE", "NEXT RUN", "RUNNING", "LAST RUN", "EXIT CODES (latest first)"],
                jobs.Select(j => new[]
                {
                    j.Project, j.Service, j.Cron,
                    j.NextRunAt is { } next ? $"in {AgentCommand.Age(next - now)}" : "-",
                    j.Running.ToString(CultureInfo.InvariantCulture),
                    j.Runs.FirstOrDefault() is { } last ? $"{AgentCommand.Age(now - last.StartedAt)} ago" : "never",
                    string.Join(' ', j.Runs.Select(r => r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "error")),
                }));
            if (!parse.GetValue(runs)) return 0;
            foreach (var job in jobs)
                foreach (var run in job.Runs)
                {
                    terminal.Line("");
                    terminal.Line($"{job.Project}/{job.Service} at {run.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}: " +
                        (run.Error ?? $"exit code {run.ExitCode}") + $" after {run.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s");
                    if (run.Log.Length > 0) terminal.Line(run.Log.TrimEnd());
                }
            return 0;
        });
        return command;
    }
}
