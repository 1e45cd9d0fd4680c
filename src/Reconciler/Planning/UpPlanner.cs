using Composer.Model;
using System.Collections.Immutable;
using Composer.Reconciler.Rollout;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Planning;

/// <summary>
/// Desired + observed -> the container operations of `up`. Pure: no I/O, same inputs give the
/// same plan. Services are visited in dependency order (DesiredState keeps them that way), so a
/// dependency's operations exist before its dependents refer to them.
/// </summary>
public static class UpPlanner
{
    public static Plan Plan(DesiredState desired, ObservedState observed, UpOptions options)
    {
        var context = new UpContext(desired, observed, options, new PlanBuilder());
        context.PlanNetworksAndVolumes();
        foreach (var service in desired.Services) context.PlanService(service);
        context.PlanOrphans();
        return context.Plan.Build();
    }

    private sealed class UpContext(DesiredState desired, ObservedState observed, UpOptions options, PlanBuilder plan)
    {
        public PlanBuilder Plan { get; } = plan;
        private readonly Dictionary<string, Operation> _resourceOps = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Operation>> _createOps = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Operation>> _startOps = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, DependencyCondition), Operation> _awaits = [];
        private readonly HashSet<string> _recreated = new(StringComparer.Ordinal);

        public void PlanNetworksAndVolumes()
        {
            foreach (var network in desired.Networks.Where(n => !observed.Networks.Contains(n)))
                _resourceOps["network:" + network] = Plan.Add(OperationKind.CreateNetwork, network, "missing", []);
            foreach (var volume in desired.Volumes.Where(v => !observed.Volumes.Contains(v)))
                _resourceOps["volume:" + volume] = Plan.Add(OperationKind.CreateVolume, volume, "missing", []);
        }

        public void PlanService(DesiredService service)
        {
            // Two containers with one number are what an interrupted rollout leaves: the one to keep
            // is the running one of the wanted version; the other goes.
            var byNumber = observed.ServiceContainers(service.Name).GroupBy(c => c.Number)
                .Select(g => g.OrderByDescending(c => c.IsRunning).ThenByDescending(c => c.ConfigHash == service.ConfigHash).ToList())
                .ToList();
            var duplicates = byNumber.SelectMany(g => g.Skip(1))
                .Select(d => RemoveContainer(d, $"second container numbered {d.Number} (an interrupted rollout)", [])).ToList();
            var existing = byNumber.Select(g => g[0]).ToList();
            var kept = existing.Take(service.Replicas)
                .Select(c => c.Name.EndsWith("_" + service.ContainerNameFor(desired.Project, c.Number), StringComparison.Ordinal)
                    ? Rename(service, c, duplicates) : c)
                .ToList();

            foreach (var extra in existing.Skip(service.Replicas).OrderByDescending(c => c.Number))
                RemoveContainer(extra, $"scale {existing.Count} -> {service.Replicas}", []);

            var rollout = new List<(ObservedContainer Container, string Cause)>();
            foreach (var container in kept)
            {
                var cause = RecreateCause(service, container);
                if (cause is not null && CanRollOut(service, container)) rollout.Add((container, cause));
                else if (cause is not null) Recreate(service, container, StopFirstCause(service, cause));
                else if (!container.IsRunning && !options.NoStart && !(options.LeaveExited && container.Status != ContainerStatus.Created))
                    Start(service, container.Name, container.Number, status(container), container.Id, []);
            }
            if (rollout.Count > 0) RollOut(service, rollout);

            var used = kept.Select(c => c.Number).ToHashSet();
            var number = 1;
            for (var missing = service.Replicas - kept.Count; missing > 0; missing--)
            {
                while (used.Contains(number)) number++;
                used.Add(number);
                var cause = existing.Count == 0 ? "missing" : $"scale {existing.Count} -> {service.Replicas}";
                CreateAndStart(service, number, cause, []);
            }

            static string status(ObservedContainer c) => c.Status.ToString().ToLowerInvariant();
        }

        public void PlanOrphans()
        {
            var orphans = observed.Containers
                .Where(c => !c.OneOff && !desired.AllServiceNames.Contains(c.Service))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
            if (orphans.Count == 0 || (options.IgnoreOrphans && !options.RemoveOrphans)) return;
            if (!options.RemoveOrphans)
            {
                Plan.Warn($"Found orphan containers ({string.Join(", ", orphans.Select(o => o.Name))}) for this project. " +
                    "If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.");
                return;
            }
            foreach (var orphan in orphans) RemoveContainer(orphan, "orphan", []);
        }

        private string? RecreateCause(DesiredService service, ObservedContainer container)
        {
            if (options.ForceRecreate) return "--force-recreate";
            if (options.ForceRecreateServices.Contains(service.Name)) return "--always-recreate-deps";
            if (options.NoRecreate) return null;
            // A version whose rollout failed stays out until something changes again (the agent's passes).
            var heldBack = options.HeldBack.TryGetValue(service.Name, out var held) && held == RolloutKey(service);
            if (container.ConfigHash != service.ConfigHash && !heldBack) return "config changed";
            if (observed.ImageIds.TryGetValue(service.Image, out var imageId) && imageId != container.ImageId && !heldBack)
                return "image changed";
            var hardDependency = service.DependsOn.FirstOrDefault(d => d.Hard && _recreated.Contains(d.Service));
            return hardDependency is null ? null : $"{hardDependency.Service} recreated";
        }

        /// <summary>
        /// A replacement left with its temporary name (the rollout was interrupted before the end)
        /// takes its replica's name once the container that held it is gone.
        /// </summary>
        private ObservedContainer Rename(DesiredService service, ObservedContainer container, IEnumerable<Operation> after)
        {
            var name = service.ContainerNameFor(desired.Project, container.Number);
            Plan.Add(OperationKind.RenameContainer, container.Name, "temporary name of an interrupted rollout", after,
                o => Existing(container)(o) with { NewName = name });
            return container with { Name = name };
        }

        /// <summary>start-first applies to a running container of a service that asked for it and can have two side by side.</summary>
        private bool CanRollOut(DesiredService service, ObservedContainer container) =>
            service.StartFirst is { Blocker: null } && container.Status == ContainerStatus.Running && !options.NoStart;

        private static string StopFirstCause(DesiredService service, string cause) =>
            service.StartFirst is { Blocker: { } blocker } ? $"{cause}; stop-first: {blocker}" : cause;

        /// <summary>The version being rolled out: the config hash and, when known, the image it runs.</summary>
        private string RolloutKey(DesiredService service) =>
            $"{service.ConfigHash} {observed.ImageIds.GetValueOrDefault(service.Image, "")}";

        /// <summary>One operation replaces the service's running containers start-first; its text lists every step.</summary>
        private void RollOut(DesiredService service, List<(ObservedContainer Container, string Cause)> replaced)
        {
            var replicas = replaced
                .Select(r => new ReplicaSwap(r.Container.Number, r.Container.Id, r.Container.Name, service.ContainerNameFor(desired.Project, r.Container.Number)))
                .ToImmutableArray();
            var rollout = new RolloutPlan(service.Name, service.StartFirst!.Settings, replicas, RolloutKey(service));
            var hardDependencies = service.DependsOn.Where(d => d.Hard).SelectMany(d => OpsOf(_createOps, d.Service));
            var awaits = service.DependsOn.Select(Await).OfType<Operation>();
            var operation = Plan.Add(OperationKind.RollOut, service.Name, replaced[0].Cause,
                ResourceOps(service).Concat(hardDependencies).Concat(awaits),
                o => o with { Service = service.Name, Rollout = rollout });
            _recreated.Add(service.Name);
            Remember(_createOps, service.Name, operation);
            Remember(_startOps, service.Name, operation);
        }

        private void Recreate(DesiredService service, ObservedContainer container, string cause)
        {
            var removed = RemoveContainer(container, cause, []);
            _recreated.Add(service.Name);
            // Data in anonymous volumes outlives the container, as with docker compose; -V starts them afresh.
            if (options.RenewAnonVolumes)
            {
                foreach (var volume in container.AnonymousVolumes)
                    Plan.Add(OperationKind.RemoveVolume, volume.Name, "-V", [removed]);
                CreateAndStart(service, container.Number, cause, [removed]);
            }
            else CreateAndStart(service, container.Number, cause, [removed], container.AnonymousVolumes);
        }

        private Operation RemoveContainer(ObservedContainer container, string cause, IEnumerable<Operation> after)
        {
            var stop = container.IsRunning
                ? Plan.Add(OperationKind.StopContainer, container.Name, cause, after, Existing(container))
                : null;
            return Plan.Add(OperationKind.RemoveContainer, container.Name, cause, after.Append(stop), Existing(container));
        }

        private void CreateAndStart(DesiredService service, int number, string cause, IEnumerable<Operation> after,
            ImmutableArray<AnonymousVolume> inherited = default)
        {
            var name = service.ContainerNameFor(desired.Project, number);
            var hardDependencies = service.DependsOn.Where(d => d.Hard).SelectMany(d => OpsOf(_createOps, d.Service));
            var create = Plan.Add(OperationKind.CreateContainer, name, cause,
                after.Concat(ResourceOps(service)).Concat(hardDependencies),
                o => o with { Service = service.Name, Number = number, InheritedVolumes = inherited.IsDefault ? [] : inherited });
            Remember(_createOps, service.Name, create);
            if (!options.NoStart) Start(service, name, number, cause, null, [create]);
        }

        private void Start(DesiredService service, string name, int number, string cause, string? id, IEnumerable<Operation> after)
        {
            var awaits = service.DependsOn.Select(Await).OfType<Operation>();
            var start = Plan.Add(OperationKind.StartContainer, name, cause, after.Concat(awaits).Concat(ResourceOps(service)),
                o => o with { Service = service.Name, Number = number, ContainerId = id });
            Remember(_startOps, service.Name, start);
        }

        /// <summary>One wait per (dependency, condition), shared by every dependent that needs it.</summary>
        private Operation? Await(DesiredDependency dependency)
        {
            if (desired.Find(dependency.Service) is null) return null;
            // The agent does not start exited containers here; waiting for one to run would never end.
            if (options.LeaveExited && !_startOps.ContainsKey(dependency.Service) && dependency.Condition != DependencyCondition.ServiceCompletedSuccessfully
                && !observed.ServiceContainers(dependency.Service).Any(c => c.IsRunning)) return null;
            var key = (dependency.Service, dependency.Condition);
            if (_awaits.TryGetValue(key, out var existing)) return existing;
            var wait = Plan.Add(OperationKind.AwaitService, dependency.Service, "depends_on",
                OpsOf(_startOps, dependency.Service),
                o => o with { Service = dependency.Service, Condition = dependency.Condition });
            _awaits[key] = wait;
            return wait;
        }

        private IEnumerable<Operation> ResourceOps(DesiredService service) =>
            service.Networks.Select(n => "network:" + n).Concat(service.Volumes.Select(v => "volume:" + v))
                .Select(key => _resourceOps.GetValueOrDefault(key)).OfType<Operation>();

        private static Func<Operation, Operation> Existing(ObservedContainer container) =>
            o => o with { Service = container.Service, Number = container.Number, ContainerId = container.Id };

        private static IEnumerable<Operation> OpsOf(Dictionary<string, List<Operation>> ops, string service) =>
            ops.TryGetValue(service, out var list) ? list : [];

        private static void Remember(Dictionary<string, List<Operation>> ops, string service, Operation operation)
        {
            if (!ops.TryGetValue(service, out var list)) ops[service] = list = [];
            list.Add(operation);
        }
    }
}
