using System.Collections.Concurrent;
using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Supervision;
using Composer.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Composer.Reconciler.Tests.Supervision;

/// <summary>
/// A Supervisor on a fake engine and a fake clock, fed engine events by a pump as the agent's
/// (container events of compose projects, in the order the stream gives them). Only the
/// supervisor's public surface is used.
/// </summary>
internal sealed class SupervisorRig : IAsyncDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;

    private readonly TimerWatch _clock;

    private SupervisorRig(Project project)
    {
        Project = project;
        _clock = new TimerWatch(Time);
        Engine = new FakeEngine(_clock);
        Supervisor = new Supervisor(Engine, Memory, _clock, Log.Enqueue);
    }

    public static readonly Project Demo = Compose.Load("""
        services:
          web:
            image: nginx:1
            restart: always
          worker:
            image: busybox
            restart: on-failure
            x-composer:
              restart: {delay: 1s, jitter: 0}
          setup:
            image: busybox
            restart: "no"
        """);

    public Project Project { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    public FakeEngine Engine { get; }
    public VolatileSupervisorMemory Memory { get; } = new();
    public Supervisor Supervisor { get; }
    public ConcurrentQueue<string> Log { get; } = new();

    public static async Task<SupervisorRig> StartAsync(Project? project = null)
    {
        var rig = new SupervisorRig(project ?? Demo);
        rig._pump = Task.Run(() => rig.PumpAsync(rig._stop.Token));
        await Eventually(() => rig.Engine.Subscribers == 1, "the pump listens");
        return rig;
    }

    /// <summary>A container of the project's service as `up` leaves it, with the engine restart policy `up` gives it.</summary>
    public FakeContainer Add(string service, string status = "running", int exitCode = 0, int number = 1, bool oneOff = false, string? project = null)
    {
        var config = Project.Services.GetValueOrDefault(service);
        var labels = new Dictionary<string, string>
        {
            [ComposeLabels.Project] = project ?? Project.Name,
            [ComposeLabels.Service] = service,
            [ComposeLabels.ContainerNumber] = number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ComposeLabels.OneOff] = oneOff ? ComposeLabels.True : ComposeLabels.False,
        };
        var name = oneOff ? $"{project ?? Project.Name}-{service}-run-0123456789ab" : $"{project ?? Project.Name}-{service}-{number}";
        return Engine.AddContainer(name, labels, status, exitCode, config?.Image ?? "busybox",
            config is null ? null : Containers.RestartPolicies.ToEngine(config));
    }

    public Task AdoptAsync() => Supervisor.AdoptAsync(Project, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

    public SupervisedContainer Status(string name) => Supervisor.Status(Project.Name).Single(s => s.Name == name);

    /// <summary>
    /// Moves the clock by <paramref name="by"/> (default: the delay) once the supervisor waits out a
    /// backoff of <paramref name="delay"/>: moved before the delay's timer exists, the delay would
    /// start from the moved clock.
    /// </summary>
    public async Task AdvancePastBackoffAsync(string name, TimeSpan delay, TimeSpan? by = null)
    {
        await Eventually(() => _clock.TakeTimer(delay), $"{name} backs off for {delay}");
        Assert.NotNull(Status(name).BackoffUntil);
        Time.Advance(by ?? delay);
    }

    /// <summary>Asserts the supervisor starts nothing more, however long the clock runs.</summary>
    public async Task AssertStartsAsync(string name, int expected)
    {
        await Task.Delay(Quiet);
        Time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(Quiet);
        Assert.Equal(expected, Engine.CallsOf("StartContainer").Count(c => c == $"StartContainer {name}"));
    }

    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"never happened: {what}");
            await Task.Delay(10);
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var filters = new EventFilters { Type = ["container"], Labels = [ComposeLabels.Project] };
        try
        {
            await foreach (var engineEvent in Engine.MonitorEventsAsync(filters, cancellationToken)) Supervisor.Observe(engineEvent);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }

    /// <summary>The fake clock, noting the timers made on it (a delay has begun once its timer exists).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        await Supervisor.DisposeAsync();
        Engine.Dispose();
        _stop.Dispose();
    }
}
