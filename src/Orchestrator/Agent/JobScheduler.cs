using System.Collections.Concurrent;
using System.Collections.Specialized;
using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;
using Quartz.Impl;
using Quartz.Spi;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// Quartz, holding two kinds of trigger: the periodic resync of every project, and one cron
/// trigger per scheduled service (`x-composer.schedule`). A run whose previous run is still
/// going is skipped unless the schedule says `concurrent: true`.
/// </summary>
internal sealed class JobScheduler : IAsyncDisposable
{
    private const string ResyncKey = "composer.resync";
    private readonly IScheduler _scheduler;
    private readonly JobRunner _runner;
    private readonly AgentStateStore _store;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ScheduledService> _services = new(StringComparer.Ordinal);
    private Action _resync = () => { };
    /// <summary>Projects whose leftover job runs this agent has already cleared (once, at first sight).</summary>
    private readonly ConcurrentDictionary<string, bool> _cleaned = new(StringComparer.Ordinal);

    private JobScheduler(IScheduler scheduler, JobRunner runner, AgentStateStore store, ILogger logger)
    {
        _scheduler = scheduler;
        _runner = runner;
        _store = store;
        _logger = logger;
        scheduler.JobFactory = new Factory(this);
    }

    public long RunsSucceeded => Interlocked.Read(ref _succeeded);
    public long RunsFailed => Interlocked.Read(ref _failed);
    public long RunsSkipped => Interlocked.Read(ref _skipped);
    private long _succeeded;
    private long _failed;
    private long _skipped;

    public static async Task<JobScheduler> StartAsync(IEngineClient engine, AgentStateStore store, TimeProvider time, ILogger logger)
    {
        var factory = new StdSchedulerFactory(new NameValueCollection
        {
            ["quartz.scheduler.instanceName"] = "composer-agent-" + Guid.NewGuid().ToString("N")[..8],
            ["quartz.threadPool.maxConcurrency"] = "4",
        });
        var scheduler = await factory.GetScheduler().ConfigureAwait(false);
        var jobs = new JobScheduler(scheduler, new JobRunner(engine, time), store, logger);
        await scheduler.Start().ConfigureAwait(false);
        return jobs;
    }

    /// <summary>Every <paramref name="interval"/>, <paramref name="resync"/> pokes every project.</summary>
    public async Task ScheduleResyncAsync(TimeSpan interval, Action resync)
    {
        _resync = resync;
        var job = JobBuilder.Create<ResyncJob>().WithIdentity(ResyncKey).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(ResyncKey).StartAt(DateTimeOffset.UtcNow + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireHandlingInstructionNextWithRemainingCount())
            .Build();
        await _scheduler.ScheduleJob(job, trigger).ConfigureAwait(false);
    }

    /// <summary>Makes the project's scheduled services match its current file (new, changed, removed schedules).</summary>
    public async Task SyncAsync(Project project)
    {
        if (_cleaned.TryAdd(project.Name, true) && await _runner.RemoveLeftoversAsync(project.Name, CancellationToken.None).ConfigureAwait(false) is > 0 and var removed)
            _logger.LogInformation("{Project}: removed {Count} job runs left by an earlier agent", project.Name, removed);

        var wanted = project.Services.Values
            .Select(s => (Service: s, Schedule: JobSchedule.For(s)))
            .Where(s => s.Schedule is not null)
            .ToDictionary(s => Key(project.Name, s.Service.Name), s => s.Schedule!, StringComparer.Ordinal);

        foreach (var stale in _services.Where(s => s.Value.Project.Name == project.Name && !wanted.ContainsKey(s.Key)).ToList())
            await UnscheduleAsync(stale.Key).ConfigureAwait(false);

        foreach (var (key, schedule) in wanted)
        {
            var service = key[(project.Name.Length + 1)..];
            if (_services.TryGetValue(key, out var existing) && existing.Schedule == schedule)
            {
                _services[key] = existing with { Project = project }; // the latest file, same trigger
                continue;
            }
            await UnscheduleAsync(key).ConfigureAwait(false);
            _services[key] = new ScheduledService(project, service, schedule, new Counter());
            var job = JobBuilder.Create<ServiceJob>().WithIdentity(key).UsingJobData("key", key).Build();
            var trigger = TriggerBuilder.Create().WithIdentity(key)
                .WithCronSchedule(schedule.QuartzCron, c => c.InTimeZone(TimeZoneInfo.Local).WithMisfireHandlingInstructionDoNothing())
                .Build();
            await _scheduler.ScheduleJob(job, trigger).ConfigureAwait(false);
            _logger.LogInformation("{Project}: job {Service} scheduled ({Cron})", project.Name, service, schedule.Cron);
        }
    }

    public async Task RemoveAsync(string project)
    {
        foreach (var key in _services.Keys.Where(k => k.StartsWith(project + "/", StringComparison.Ordinal)).ToList())
            await UnscheduleAsync(key).ConfigureAwait(false);
    }

    public async Task<List<JobStatus>> StatusAsync()
    {
        var jobs = new List<JobStatus>();
        foreach (var (key, scheduled) in _services.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var trigger = await _scheduler.GetTrigger(new TriggerKey(key)).ConfigureAwait(false);
            jobs.Add(new JobStatus(scheduled.Project.Name, scheduled.Service, scheduled.Schedule.Cron, scheduled.Schedule.Concurrent,
                trigger?.GetNextFireTimeUtc(), scheduled.Running.Value, [.. _store.Runs(key)]));
        }
        return jobs;
    }

    public async ValueTask DisposeAsync() => await _scheduler.Shutdown(waitForJobsToComplete: false).ConfigureAwait(false);

    private async Task UnscheduleAsync(string key)
    {
        _services.TryRemove(key, out _);
        await _scheduler.DeleteJob(new JobKey(key)).ConfigureAwait(false);
    }

    private async Task RunAsync(string key, CancellationToken cancellationToken)
    {
        if (!_services.TryGetValue(key, out var scheduled)) return;
        if (scheduled.Running.Increment() > 1 && !scheduled.Schedule.Concurrent)
        {
            scheduled.Running.Decrement();
            Interlocked.Increment(ref _skipped);
            _logger.LogWarning("{Job}: skipped, the previous run is still going", key);
            return;
        }
        try
        {
            var run = await _runner.RunAsync(scheduled.Project, scheduled.Service, cancellationToken).ConfigureAwait(false);
            _store.Record(key, run, scheduled.Schedule.History);
            if (run.ExitCode == 0) Interlocked.Increment(ref _succeeded); else Interlocked.Increment(ref _failed);
            _logger.LogInformation("{Job}: {Outcome} after {Seconds:0.0}s", key,
                run.Error ?? $"exit code {run.ExitCode}", run.Duration.TotalSeconds);
        }
        finally
        {
            scheduled.Running.Decrement();
        }
    }

    private static string Key(string project, string service) => $"{project}/{service}";

    private sealed record ScheduledService(Project Project, string Service, JobSchedule Schedule, Counter Running);

    private sealed class Counter
    {
        private int _value;
        public int Value => Volatile.Read(ref _value);
        public int Increment() => Interlocked.Increment(ref _value);
        public void Decrement() => Interlocked.Decrement(ref _value);
    }

    /// <summary>Quartz asks for job instances; ours are thin and call back into this scheduler.</summary>
    private sealed class Factory(JobScheduler owner) : IJobFactory
    {
        public IJob NewJob(TriggerFiredBundle bundle, IScheduler scheduler) =>
            bundle.JobDetail.JobType == typeof(ResyncJob) ? new ResyncJob(owner) : new ServiceJob(owner);

        public void ReturnJob(IJob job) { }
    }

    private sealed class ResyncJob(JobScheduler owner) : IJob
    {
        public Task Execute(IJobExecutionContext context)
        {
            owner._resync();
            return Task.CompletedTask;
        }
    }

    private sealed class ServiceJob(JobScheduler owner) : IJob
    {
        public Task Execute(IJobExecutionContext context) =>
            owner.RunAsync(context.MergedJobDataMap.GetString("key")!, context.CancellationToken);
    }
}
