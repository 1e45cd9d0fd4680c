using Composer.Model;
using System.Globalization;
using Composer.Engine;

namespace Composer.Reconciler.Execution;

/// <summary>
/// One network per name, though the engine can make several: its duplicate check is a lookup
/// before the create, so composers racing on one project (from several hosts sharing an engine, or
/// with no common lock) each get a network of the same name, and every later connect by that name
/// is ambiguous. Every racer settles on the same one, the oldest (then the lowest id), so the
/// outcome does not depend on who looks first; a network only ever makes way for an older one.
/// </summary>
public static class NetworkDuplicates
{
    /// <summary>Right after creating <paramref name="ours"/>: removes it when an older one has the name. Returns the id that stays.</summary>
    public static async Task<string> SettleCreatedAsync(IEngineClient engine, string name, string ours, CancellationToken cancellationToken)
    {
        var named = await engine.ListNetworksNamedAsync(name, cancellationToken).ConfigureAwait(false);
        var kept = Oldest(named) ?? ours;
        if (kept != ours) await engine.RemoveNetworkAsync(ours, cancellationToken).ConfigureAwait(false);
        return kept;
    }

    /// <summary>
    /// Before a project is brought up: duplicates of its networks (a racer that died before
    /// settling, or a composer that had no such rule) are removed, the oldest kept. One with
    /// containers attached stays, and is told: removing it would cut them off.
    /// </summary>
    public static async Task SettleProjectAsync(IEngineClient engine, string project, Action<string> log, CancellationToken cancellationToken)
    {
        var networks = await engine.ListNetworksAsync([$"{ComposeLabels.Project}={project}"], cancellationToken).ConfigureAwait(false);
        foreach (var named in networks.GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var kept = Oldest([.. named])!;
            foreach (var duplicate in named.Where(n => n.Id != kept))
            {
                try
                {
                    await engine.RemoveNetworkAsync(duplicate.Id, cancellationToken).ConfigureAwait(false);
                    log($"Network {named.Key}: removed {Short(duplicate.Id)}, a duplicate of {Short(kept)}");
                }
                catch (EngineApiException error)
                {
                    log($"Network {named.Key}: duplicate {Short(duplicate.Id)} kept: {error.Message}");
                }
            }
        }
    }

    /// <summary>The id every racer keeps: the earliest created, the lowest id when two share a time.</summary>
    public static string? Oldest(IReadOnlyCollection<NetworkSummary> networks) =>
        networks.OrderBy(n => CreatedAt(n.Created)).ThenBy(n => n.Id, StringComparer.Ordinal).FirstOrDefault()?.Id;

    /// <summary>The engine writes up to nine fractional digits, .NET reads seven: the rest cannot order two creates anyway.</summary>
    private static DateTimeOffset CreatedAt(string? created)
    {
        if (created is null) return DateTimeOffset.MaxValue;
        var dot = created.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < created.Length && char.IsAsciiDigit(created[end])) end++;
            if (end - dot - 1 > 7) created = created[..(dot + 8)] + created[end..];
        }
        return DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MaxValue;
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
