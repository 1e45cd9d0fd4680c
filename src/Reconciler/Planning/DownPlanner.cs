using Composer.Reconciler.State;

namespace Composer.Reconciler.Planning;

/// <summary>
/// Observed -> the operations of `down`: dependents stop before what they depend on, containers go
/// before networks, and named volumes go only with -v (they hold users' data).
/// </summary>
public static class DownPlanner
{
    public static Plan Plan(DesiredState? desired, ObservedState observed, DownOptions options)
    {
        var plan = new PlanBuilder();
        var known = desired?.AllServiceNames;
        var removals = new List<Operation>();
        var stopsByService = new Dictionary<string, List<Operation>>(StringComparer.Ordinal);

        // Reverse dependency order: a service's dependents were visited (and stopped) first.
        var order = desired is null ? [] : desired.Services.Select(s => s.Name).Reverse().ToList();
        var containers = observed.Containers
            .OrderBy(c => order.IndexOf(c.Service) is var i && i < 0 ? int.MaxValue : i)
            .ThenBy(c => c.Service, StringComparer.Ordinal).ThenBy(c => c.OneOff).ThenBy(c => c.Number);

        var orphans = new List<string>();
        foreach (var container in containers)
        {
            var orphan = known is not null && !known.Contains(container.Service);
            if (orphan && !options.RemoveOrphans) { orphans.Add(container.Name); continue; }

            var dependents = desired?.Services
                .Where(s => s.DependsOn.Any(d => d.Service == container.Service))
                .SelectMany(s => stopsByService.GetValueOrDefault(s.Name) ?? []) ?? [];
            var cause = orphan ? "orphan" : "down";
            var stop = container.IsRunning
                ? plan.Add(OperationKind.StopContainer, container.Name, cause, dependents, Existing(container))
                : null;
            if (stop is not null)
            {
                if (!stopsByService.TryGetValue(container.Service, out var stops)) stopsByService[container.Service] = stops = [];
                stops.Add(stop);
            }
            removals.Add(plan.Add(OperationKind.RemoveContainer, container.Name, cause, [stop], Existing(container)));
        }
        if (orphans.Count > 0)
            plan.Warn($"Found orphan containers ({string.Join(", ", orphans)}) for this project. " +
                "If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.");

        var networks = desired is null ? observed.Networks : desired.Networks.Where(observed.Networks.Contains);
        foreach (var network in networks.Order(StringComparer.Ordinal))
            plan.Add(OperationKind.RemoveNetwork, network, "down", removals);

        if (options.RemoveVolumes)
        {
            var volumes = desired is null ? observed.Volumes : desired.Volumes.Where(observed.Volumes.Contains);
            foreach (var volume in volumes.Order(StringComparer.Ordinal))
                plan.Add(OperationKind.RemoveVolume, volume, "-v", removals);
            // The engine removes a container's own anonymous volumes with it, but not one a recreate
            // handed over by name: named in the plan, none is left behind.
            var anonymous = observed.Containers.Where(c => removals.Any(r => r.ContainerId == c.Id))
                .SelectMany(c => c.AnonymousVolumes).Select(v => v.Name).Distinct().Order(StringComparer.Ordinal);
            foreach (var volume in anonymous)
                plan.Add(OperationKind.RemoveVolume, volume, "-v, anonymous", removals);
        }

        if (options.RemoveImages != RemoveImages.None && desired is not null)
        {
            var images = desired.Services
                .Where(s => options.RemoveImages == RemoveImages.All || s.Source == ImageSource.Build)
                .Select(s => s.Image).Distinct().Order(StringComparer.Ordinal);
            foreach (var image in images)
                plan.Add(OperationKind.RemoveImage, image, $"--rmi {options.RemoveImages.ToString().ToLowerInvariant()}", removals);
        }
        return plan.Build();
    }

    private static Func<Operation, Operation> Existing(ObservedContainer container) =>
        o => o with { Service = container.Service, Number = container.Number, ContainerId = container.Id };
}
