using System.Collections.Immutable;

namespace Composer.Model;

/// <summary>
/// The dependency DAG of a project's active services. Edges are <see cref="ServiceReferences"/>:
/// depends_on, links, volumes_from and network_mode/ipc/pid: service:X.
/// </summary>
public sealed class ServiceGraph
{
    // Plain dictionaries: they are only looked up, and sorted immutable maps of 1000 services cost milliseconds to build.
    private readonly Dictionary<string, ImmutableSortedSet<string>> _deps;
    private readonly Dictionary<string, ImmutableSortedSet<string>> _dependents;
    private readonly Dictionary<string, ImmutableArray<ServiceEdge>> _edgesFrom;

    /// <param name="edges">Sorted by from, to and kind, without repeats.</param>
    private ServiceGraph(ImmutableSortedSet<string> services, ImmutableArray<ServiceEdge> edges)
    {
        Services = services;
        Edges = edges;
        var needs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var neededBy = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var from = new Dictionary<string, ImmutableArray<ServiceEdge>.Builder>(StringComparer.Ordinal);
        foreach (var e in edges)
        {
            Add(needs, e.From, e.To);
            Add(neededBy, e.To, e.From);
            if (!from.TryGetValue(e.From, out var list)) from[e.From] = list = ImmutableArray.CreateBuilder<ServiceEdge>();
            list.Add(e);
        }
        _deps = new Dictionary<string, ImmutableSortedSet<string>>(services.Count, StringComparer.Ordinal);
        _dependents = new Dictionary<string, ImmutableSortedSet<string>>(services.Count, StringComparer.Ordinal);
        foreach (var s in services)
        {
            _deps[s] = SetOf(needs.GetValueOrDefault(s));
            _dependents[s] = SetOf(neededBy.GetValueOrDefault(s));
        }
        _edgesFrom = from.ToDictionary(kv => kv.Key, kv => kv.Value.ToImmutable(), StringComparer.Ordinal);
        TopologicalLevels = ComputeLevels();

        static void Add(Dictionary<string, List<string>> map, string key, string value)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(value);
        }
    }

    private static readonly ImmutableSortedSet<string> NoServices = ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    /// <summary>Most services have no dependents, many no dependencies: they share one empty set.</summary>
    private static ImmutableSortedSet<string> SetOf(List<string>? names) =>
        names is { Count: > 0 } ? names.ToImmutableSortedSet(StringComparer.Ordinal) : NoServices;

    public ImmutableSortedSet<string> Services { get; }
    public ImmutableArray<ServiceEdge> Edges { get; }

    /// <summary>The edges out of <paramref name="service"/> (what it needs, and why), in <see cref="Edges"/>' order.</summary>
    public ImmutableArray<ServiceEdge> EdgesFrom(string service) => _edgesFrom.GetValueOrDefault(service, []);

    /// <summary>Start order: level 0 has no dependencies; each level only depends on earlier ones. Names sorted inside a level.</summary>
    public ImmutableArray<ImmutableArray<string>> TopologicalLevels { get; }

    /// <summary>Stop/remove order: dependents first (TopologicalLevels reversed).</summary>
    public ImmutableArray<ImmutableArray<string>> ReverseLevels => [.. TopologicalLevels.Reverse()];

    /// <summary>Flattened start order.</summary>
    public ImmutableArray<string> StartOrder => [.. TopologicalLevels.SelectMany(l => l)];

    /// <summary>Flattened stop order.</summary>
    public ImmutableArray<string> StopOrder => [.. ReverseLevels.SelectMany(l => l)];

    /// <summary>Builds the graph from the project's active services; throws ComposeModelException on a cycle
    /// or on an edge to a service that is not active.</summary>
    public static ServiceGraph Build(Project project) => Build(project.Services.Values);

    public static ServiceGraph Build(IEnumerable<ServiceConfig> services)
    {
        var list = services.ToList();
        var names = list.Select(s => s.Name).ToImmutableSortedSet(StringComparer.Ordinal);
        var edges = list.SelectMany(ServiceReferences.Of).ToList();
        var errors = new List<Diagnostic>();
        var kept = new List<ServiceEdge>();
        var byName = list.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var e in edges.Distinct())
        {
            if (names.Contains(e.To)) kept.Add(e);
            else if (!(e.Kind == EdgeKind.DependsOn && byName[e.From].DependsOn[e.To].Required == false))
                errors.Add(new Diagnostic("", 0, 0, $"services.{e.From}", $"depends on undefined or disabled service '{e.To}' ({ServiceReferences.Key(e.Kind)})"));
        }
        if (errors.Count > 0) throw new ComposeModelException(errors);
        var cycle = FindCycle(names, kept);
        if (cycle is not null)
            throw new ComposeModelException([new Diagnostic("", 0, 0, "services", "dependency cycle: " + string.Join(" -> ", cycle))]);
        return new ServiceGraph(names, [.. kept.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ThenBy(e => e.Kind)]);
    }

    /// <summary>Finds one cycle (deterministic: sorted traversal) as [a, b, c, a]; null when acyclic.</summary>
    internal static List<string>? FindCycle(IEnumerable<string> nodes, IEnumerable<ServiceEdge> edges)
    {
        var adj = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().Order(StringComparer.Ordinal).ToList());
        var state = new Dictionary<string, int>();
        var stack = new List<string>();
        foreach (var n in nodes.Order(StringComparer.Ordinal))
        {
            var c = Visit(n);
            if (c is not null) return c;
        }
        return null;

        List<string>? Visit(string n)
        {
            state.TryGetValue(n, out var st);
            if (st == 2) return null;
            if (st == 1)
            {
                var i = stack.IndexOf(n);
                return [.. stack.Skip(i), n];
            }
            state[n] = 1;
            stack.Add(n);
            if (adj.TryGetValue(n, out var next))
                foreach (var m in next)
                {
                    var c = Visit(m);
                    if (c is not null) return c;
                }
            stack.RemoveAt(stack.Count - 1);
            state[n] = 2;
            return null;
        }
    }

    private ImmutableArray<ImmutableArray<string>> ComputeLevels()
    {
        var level = new Dictionary<string, int>();
        int LevelOf(string s)
        {
            if (level.TryGetValue(s, out var l)) return l;
            var v = 0;
            foreach (var d in _deps[s]) v = Math.Max(v, LevelOf(d) + 1);
            level[s] = v;
            return v;
        }
        foreach (var s in Services) LevelOf(s);
        return [.. level.GroupBy(kv => kv.Value).OrderBy(g => g.Key)
            .Select(g => g.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToImmutableArray())];
    }

    /// <summary>Services that <paramref name="service"/> needs (direct, or all transitively).</summary>
    public ImmutableSortedSet<string> DependenciesOf(string service, bool transitive = false) =>
        transitive ? Closure(service, _deps) : _deps.TryGetValue(service, out var d) ? d : ImmutableSortedSet<string>.Empty;

    /// <summary>Services that need <paramref name="service"/> (direct, or all transitively).</summary>
    public ImmutableSortedSet<string> DependentsOf(string service, bool transitive = false) =>
        transitive ? Closure(service, _dependents) : _dependents.TryGetValue(service, out var d) ? d : ImmutableSortedSet<string>.Empty;

    private static ImmutableSortedSet<string> Closure(string start, Dictionary<string, ImmutableSortedSet<string>> adj)
    {
        var seen = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        var work = new Stack<string>();
        work.Push(start);
        while (work.Count > 0)
            if (adj.TryGetValue(work.Pop(), out var next))
                foreach (var n in next)
                    if (seen.Add(n)) work.Push(n);
        seen.Remove(start);
        return seen.ToImmutable();
    }

    /// <summary>The given services plus everything they depend on (for `up web`).</summary>
    public ImmutableSortedSet<string> WithDependencies(IEnumerable<string> services)
    {
        var set = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var s in services) { set.Add(s); set.UnionWith(DependenciesOf(s, true)); }
        return set.ToImmutable();
    }

    /// <summary>Text form for tests and debugging: one level per line.</summary>
    public override string ToString() =>
        string.Join("\n", TopologicalLevels.Select((l, i) => $"{i}: {string.Join(", ", l)}"));
}
