using Composer.Model;
using Composer.Engine;

namespace Composer.Reconciler.Execution;

/// <summary>
/// A create refused with a name conflict (409) means someone made that name since the plan looked:
/// another composer on the same project, from another host or without our lock. Looking again
/// tells whether it is what the plan wanted, in which case the create is done; only a stranger
/// under the name is an error.
/// </summary>
internal static class CreatedMeanwhile
{
    /// <summary>The id of the container named <paramref name="name"/> when it is this replica with this configuration; else null.</summary>
    public static async Task<string?> ContainerAsync(IEngineClient engine, string name, string project, string service, int number, string configHash,
        CancellationToken cancellationToken)
    {
        ContainerInspect existing;
        try { existing = await engine.InspectContainerAsync(name, cancellationToken).ConfigureAwait(false); }
        catch (EngineNotFoundException) { return null; } // gone again: the conflict stands, a retry of up settles it
        var labels = existing.Config?.Labels ?? [];
        var same = labels.GetValueOrDefault(ComposeLabels.Project) == project
            && labels.GetValueOrDefault(ComposeLabels.Service) == service
            && labels.GetValueOrDefault(ComposeLabels.ContainerNumber) == number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && labels.GetValueOrDefault(ComposeLabels.ConfigHash) == configHash;
        return same ? existing.Id : null;
    }

    public static async Task<bool> NetworkAsync(IEngineClient engine, string name, CancellationToken cancellationToken) =>
        (await engine.ListNetworksNamedAsync(name, cancellationToken).ConfigureAwait(false)).Count > 0;

    public static async Task<bool> VolumeAsync(IEngineClient engine, string name, CancellationToken cancellationToken)
    {
        try
        {
            await engine.InspectVolumeAsync(name, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (EngineNotFoundException)
        {
            return false;
        }
    }
}
