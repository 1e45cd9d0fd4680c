using Composer.Model;
using Composer.Engine;
using Composer.Orchestrator.Output;
using Composer.Reconciler;

namespace Composer.Orchestrator.Application;

/// <summary>`events [SERVICE...]`: from <see cref="Since"/> (else now) until <see cref="Until"/> (else Ctrl-C), as lines or <see cref="Json"/> objects.</summary>
internal sealed record EventsRequest(IReadOnlyList<string> Services)
{
    public bool Json { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
}

internal sealed partial class ComposeService
{
    /// <summary>The project's container events as the engine reports them, one line each as they come; Ctrl-C ends it (exit 0).</summary>
    public async Task EventsAsync(ProjectTarget target, EventsRequest request, CancellationToken cancellationToken)
    {
        var selected = target.Select(request.Services);
        // With --until the engine ends the stream at that moment, and the verb with it.
        var filters = new EventFilters { Type = ["container"], Labels = [$"{ComposeLabels.Project}={target.Name}"], Since = request.Since, Until = request.Until };
        try
        {
            await foreach (var e in Engine.MonitorEventsAsync(filters, cancellationToken).ConfigureAwait(false))
            {
                var attributes = e.Actor?.Attributes ?? new Dictionary<string, string>();
                var service = attributes.GetValueOrDefault(ComposeLabels.Service) ?? "";
                if (selected.Length > 0 && !selected.Contains(service)) continue;
                var time = DateTimeOffset.FromUnixTimeMilliseconds((e.TimeNano ?? 0) / 1_000_000).ToString("yyyy-MM-ddTHH:mm:ss.fffK");
                var name = attributes.GetValueOrDefault("name") ?? "";
                Terminal.Line(request.Json
                    ? JsonText.Object(("time", time), ("type", "container"), ("action", e.Action ?? ""), ("id", e.Actor?.ID ?? ""), ("service", service), ("name", name))
                    : $"{time} container {e.Action} {e.Actor?.ID} (name={name}, service={service})");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
    }
}
