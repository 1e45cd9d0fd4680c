using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// The agent's control API, served on its unix socket: health, projects with per-container
/// state, registration, jobs, and Prometheus metrics. Hand-wired handlers with source-generated
/// JSON: no reflection-based binding or serialization.
/// </summary>
internal static class ControlApi
{
    /// <summary>How long `/stopped` waits for restarts in flight to be undone (the CLI's client gives up at 30 s).</summary>
    private static readonly TimeSpan StopSettleLimit = TimeSpan.FromSeconds(20);

    /// <summary>
    /// One terminal handler dispatching on method and path: no routing or request-delegate
    /// generation to load for six fixed endpoints (the agent's memory is a budget).
    /// </summary>
    public static async Task HandleAsync(HttpContext context, AgentService agent)
    {
        var path = context.Request.Path.Value ?? "/";
        var result = (context.Request.Method, path) switch
        {
            ("GET", "/health") => Json(new MessageResponse("ok"), AgentJson.Default.MessageResponse),
            ("GET", "/projects") => Json(Status(agent), AgentJson.Default.StatusResponse),
            ("POST", "/projects") => await RegisterAsync(agent, context),
            ("POST", _) when path.StartsWith("/projects/", StringComparison.Ordinal) && path.EndsWith("/scale", StringComparison.Ordinal)
                => await ScaleAsync(agent, Uri.UnescapeDataString(path["/projects/".Length..^"/scale".Length]), context),
            ("DELETE", _) when path.StartsWith("/projects/", StringComparison.Ordinal) => await UnregisterAsync(agent, Uri.UnescapeDataString(path["/projects/".Length..])),
            ("POST", "/stopped") => await StoppedAsync(agent, context),
            ("GET", "/jobs") => Json(new JobsResponse(await agent.Jobs.StatusAsync()), AgentJson.Default.JobsResponse),
            ("GET", "/metrics") => Results.Text(Metrics(agent), "text/plain; version=0.0.4", Encoding.UTF8),
            _ => Json(new MessageResponse($"no such endpoint: {context.Request.Method} {path}"), AgentJson.Default.MessageResponse, StatusCodes.Status404NotFound),
        };
        await result.ExecuteAsync(context);
    }

    private static async Task<IResult> StoppedAsync(AgentService agent, HttpContext context)
    {
        StoppedRequest? request;
        try { request = await JsonSerializer.DeserializeAsync(context.Request.Body, AgentJson.Default.StoppedRequest, context.RequestAborted); }
        catch (JsonException error) { return Json(new MessageResponse($"bad request: {error.Message}"), AgentJson.Default.MessageResponse, 400); }
        var containers = request?.Containers ?? [];
        var grace = request?.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        // Answering only once our restarts in flight are undone lets the CLI trust what it lists
        // next; bounded, so a wedged engine cannot hold `composer stop` past the client's patience.
        var settled = agent.Supervisor.UserStoppedAsync(containers, DateTimeOffset.UtcNow, grace);
        try { await settled.WaitAsync(StopSettleLimit, context.RequestAborted); }
        catch (TimeoutException) { return Json(new MessageResponse($"{containers.Count} containers stopped by the user; a restart of one is still being undone"), AgentJson.Default.MessageResponse); }
        return Json(new MessageResponse($"{containers.Count} containers stopped by the user"), AgentJson.Default.MessageResponse);
    }

    private static async Task<IResult> UnregisterAsync(AgentService agent, string name) => await agent.UnregisterAsync(name)
        ? Json(new MessageResponse($"{name}: unregistered"), AgentJson.Default.MessageResponse)
        : Json(new MessageResponse($"no registered project named {name}"), AgentJson.Default.MessageResponse, StatusCodes.Status404NotFound);

    private static StatusResponse Status(AgentService agent) => new(
        typeof(ControlApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        agent.StartedAt,
        [.. agent.Workers.Select(w => new ProjectStatus(w.Registration.Name, w.Registration.WorkingDirectory, w.Error, w.LastReconcileAt,
            [.. agent.Supervisor.Status(w.Registration.Name)], [.. w.Rollouts.Latest]))]);

    private static async Task<IResult> ScaleAsync(AgentService agent, string name, HttpContext context)
    {
        ScaleRequest? request;
        try { request = await JsonSerializer.DeserializeAsync(context.Request.Body, AgentJson.Default.ScaleRequest, context.RequestAborted); }
        catch (JsonException error) { return Json(new MessageResponse($"bad request: {error.Message}"), AgentJson.Default.MessageResponse, 400); }
        if (request?.Replicas is null || request.Replicas.Values.Any(n => n < 0))
            return Json(new MessageResponse("bad request: replicas by service, none negative"), AgentJson.Default.MessageResponse, 400);
        return await agent.ScaleAsync(name, request.Replicas)
            ? Json(new MessageResponse($"{name}: scaled"), AgentJson.Default.MessageResponse)
            : Json(new MessageResponse($"no registered project named {name}"), AgentJson.Default.MessageResponse, StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RegisterAsync(AgentService agent, HttpContext context)
    {
        RegisteredProject? project;
        try { project = await JsonSerializer.DeserializeAsync(context.Request.Body, AgentJson.Default.RegisteredProject, context.RequestAborted); }
        catch (JsonException error) { return Json(new MessageResponse($"bad request: {error.Message}"), AgentJson.Default.MessageResponse, 400); }
        if (project is null || string.IsNullOrWhiteSpace(project.Name) || !Path.IsPathRooted(project.WorkingDirectory))
            return Json(new MessageResponse("bad request: a name and an absolute working directory are required"), AgentJson.Default.MessageResponse, 400);
        await agent.RegisterAsync(project);
        return Json(new MessageResponse($"{project.Name}: registered"), AgentJson.Default.MessageResponse);
    }

    private static IResult Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, int status = 200) =>
        Results.Text(JsonSerializer.Serialize(value, type), "application/json", Encoding.UTF8, status);

    /// <summary>Prometheus text exposition format, version 0.0.4.</summary>
    private static string Metrics(AgentService agent)
    {
        var text = new StringBuilder();
        var supervisor = agent.Supervisor.Metrics;
        var workers = agent.Workers;
        Family(text, "composer_reconcile_passes_total", "counter", "Reconcile passes per project",
            workers.Select(w => ($"project=\"{w.Registration.Name}\"", (double)w.Passes)));
        Family(text, "composer_reconcile_errors_total", "counter", "Failed reconcile passes per project",
            workers.Select(w => ($"project=\"{w.Registration.Name}\"", (double)w.Errors)));
        Family(text, "composer_supervised_containers", "gauge", "Containers whose restarts the agent owns",
            workers.Select(w => ($"project=\"{w.Registration.Name}\"", (double)agent.Supervisor.Status(w.Registration.Name).Count)));
        Family(text, "composer_restarts_total", "counter", "Containers restarted by the supervisor", [("", supervisor.Restarts)]);
        Family(text, "composer_restart_errors_total", "counter", "Restart attempts the engine refused", [("", supervisor.RestartErrors)]);
        Family(text, "composer_restart_reaction_seconds_sum", "counter", "Time from a container's die event to our start call, beyond the backoff delay", [("", supervisor.ReactionTotal.TotalSeconds)]);
        Family(text, "composer_restart_reaction_seconds_count", "counter", "Restarts measured in the reaction sum", [("", supervisor.Reactions)]);
        Family(text, "composer_restart_reaction_seconds_max", "gauge", "Slowest reaction seen", [("", supervisor.ReactionMax.TotalSeconds)]);
        Family(text, "composer_job_runs_total", "counter", "Scheduled job runs by outcome",
            [("result=\"success\"", agent.Jobs.RunsSucceeded), ("result=\"failure\"", agent.Jobs.RunsFailed), ("result=\"skipped\"", agent.Jobs.RunsSkipped)]);
        Family(text, "composer_engine_events_total", "counter", "Engine events received", [("", agent.EventsSeen)]);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        Family(text, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes", [("", process.WorkingSet64)]);
        Family(text, "dotnet_gc_heap_bytes", "gauge", "Managed heap size after the last collection", [("", GC.GetGCMemoryInfo().HeapSizeBytes)]);
        Family(text, "dotnet_gc_committed_bytes", "gauge", "Memory the collector has committed", [("", GC.GetGCMemoryInfo().TotalCommittedBytes)]);
        return text.ToString();
    }

    private static void Family(StringBuilder text, string name, string type, string help, IEnumerable<(string Labels, double Value)> samples)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples)
        {
            text.Append(name);
            if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
            text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
    }
}
