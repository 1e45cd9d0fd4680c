using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>
/// A service network's `gw_priority` (which network gives the container its default gateway) travels in
/// EndpointSettings.GwPriority, from engine API 1.48; composer speaks 1.41, where the engine would ignore it
/// and pick the gateway itself. The verbs that create containers refuse it at its position instead; `config`
/// prints it. A priority of 0 is the default and changes nothing, so it is not refused.
/// </summary>
public static class GatewayPriorityRefusal
{
    public static void Refuse(Project project, DesiredState desired)
    {
        var lines = desired.Services.Select(s => project.Services[s.Name]).OrderBy(s => s.Name, StringComparer.Ordinal)
            .SelectMany(s => s.Networks.Where(n => n.Value.GwPriority is not (null or 0)).Select(n =>
                $"{ProviderRefusal.Where(n.Value.GwPriorityAt)}service '{s.Name}': networks.{n.Key}.gw_priority needs engine API 1.48 (EndpointSettings.GwPriority); "
                + $"composer speaks API {Engine.EngineClient.MaxApiVersion}, where the engine would ignore it and pick the gateway itself. Remove it"))
            .ToList();
        if (lines.Count > 0) throw new GatewayPriorityUnsupportedException(string.Join("\n", lines));
    }
}

/// <summary>A service network sets gw_priority, which the engine API composer uses cannot carry.</summary>
public sealed class GatewayPriorityUnsupportedException(string message) : Exception(message);
