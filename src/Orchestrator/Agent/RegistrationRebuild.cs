using Composer.Model;
using Composer.Engine;
using Composer.Reconciler;
using Microsoft.Extensions.Logging;

namespace Composer.Orchestrator.Agent;

/// <summary>
/// After an untrusted state file was moved aside, the projects whose registration file was
/// unreadable too (known by its name) are registered again from their containers' labels (working
/// directory, config files). Only those names: other projects on the engine are not ours to take.
/// Projects whose compose files are gone are left alone. Retries while the engine is unreachable.
/// </summary>
internal sealed class RegistrationRebuild(IEngineClient engine, ILogger logger)
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    public async Task RunAsync(IReadOnlyCollection<string> names, Func<string, bool> isRegistered,
        Func<RegisteredProject, Task<RegisteredProject>> register, Action done, CancellationToken cancellationToken)
    {
        while (true)
        {
            IReadOnlyList<ContainerSummary> containers;
            try { containers = await engine.ListContainersAsync(true, [ComposeLabels.Project], cancellationToken).ConfigureAwait(false); }
            catch (Exception error) when (error is EngineUnavailableException or EngineApiException)
            {
                await Task.Delay(RetryEvery, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var registered = new List<string>();
            var skipped = new List<string>();
            foreach (var candidate in Candidates(containers))
            {
                if (!names.Contains(candidate.Name) || isRegistered(candidate.Name)) continue;
                if (candidate.ConfigFiles.Length == 0 || !candidate.ConfigFiles.All(File.Exists)) { skipped.Add(candidate.Name); continue; }
                await register(candidate).ConfigureAwait(false);
                registered.Add(candidate.Name);
            }
            done();
            logger.LogWarning("registered again from the engine's labels: {Registered}{Skipped}",
                registered.Count == 0 ? "none" : string.Join(", ", registered),
                skipped.Count == 0 ? "" : $" (left out, their compose files are gone: {string.Join(", ", skipped)})");
            return;
        }
    }

    /// <summary>One registration per project that has service containers (one-off runs say nothing of registration).</summary>
    private static IEnumerable<RegisteredProject> Candidates(IEnumerable<ContainerSummary> containers) =>
        containers
            .Where(c => c.Labels?.GetValueOrDefault(ComposeLabels.OneOff) != ComposeLabels.True && c.Labels?.GetValueOrDefault(ComposeLabels.Project) is { Length: > 0 })
            .GroupBy(c => c.Labels![ComposeLabels.Project], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var labels = g.First().Labels!;
                var files = (labels.GetValueOrDefault(ComposeLabels.ConfigFiles) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
                return new RegisteredProject(g.Key, labels.GetValueOrDefault(ComposeLabels.WorkingDir) ?? "", files, [], []);
            })
            .Where(p => p.WorkingDirectory.Length > 0);
}
