using System.Collections.Immutable;
using Composer.Model;

namespace Composer.Reconciler.Watch;

/// <summary>A host path and where it lives in the container.</summary>
public sealed record PathMapping(string HostPath, string ContainerPath);

/// <summary>One watch rule of one service, with its filter.</summary>
public sealed record WatchTrigger(string Service, WatchRule Rule, WatchFilter Filter)
{
    /// <summary>The container path for a host path under the rule's path (sync rules only).</summary>
    public string ContainerPath(string hostPath)
    {
        var relative = WatchFilter.Relative(Rule.Path, hostPath) ?? throw new ArgumentException($"{hostPath} is not under {Rule.Path}", nameof(hostPath));
        var target = Rule.Target ?? throw new InvalidOperationException($"a {WatchActions.Name(Rule.Action)} rule has no target");
        return relative.Length == 0 ? target : target == "/" ? "/" + relative : $"{target}/{relative}";
    }
}

/// <summary>A batch's changes that one trigger accepted.</summary>
public sealed record TriggeredRule(WatchTrigger Trigger, ImmutableArray<string> HostPaths)
{
    public ImmutableArray<PathMapping> Mappings =>
        WatchActions.Syncs(Trigger.Rule.Action) ? [.. HostPaths.Select(p => new PathMapping(p, Trigger.ContainerPath(p)))] : [];
}

/// <summary>The watch rules of the watched services: which directories to watch, and which rules a batch of changes fires.</summary>
public sealed class WatchRouter(ImmutableArray<WatchTrigger> triggers)
{
    public ImmutableArray<WatchTrigger> Triggers => triggers;

    public static WatchRouter For(Project project, IEnumerable<string> services) =>
        new([.. services.SelectMany(name => project.Services[name].Develop?.Watch.Select(rule => new WatchTrigger(name, rule, WatchFilter.For(rule, project.Services[name]))) ?? [])]);

    /// <summary>The services among <paramref name="services"/> (all when empty) that have watch rules, in name order.</summary>
    public static IReadOnlyList<string> WatchedServices(Project project, IReadOnlyCollection<string> services) =>
        [.. project.Services.Values.Where(s => (services.Count == 0 || services.Contains(s.Name)) && s.Develop is { Watch.IsEmpty: false }).Select(s => s.Name)];

    /// <summary>Per trigger (in declaration order), the changed paths it accepts; triggers that accept none are left out.</summary>
    public IReadOnlyList<TriggeredRule> Route(IReadOnlyList<string> changed) =>
        [.. triggers.Select(t => new TriggeredRule(t, [.. changed.Where(t.Filter.Accepts)])).Where(r => !r.HostPaths.IsEmpty)];

    /// <summary>
    /// The directories to watch: each rule's path (its parent for a rule on one file, its nearest
    /// existing ancestor while it does not exist), none nested in another.
    /// </summary>
    public IReadOnlyList<string> Roots()
    {
        var roots = triggers.Select(t => ExistingDirectory(t.Rule.Path)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return [.. roots.Where(r => !roots.Any(other => other != r && WatchFilter.Relative(other, r) is { Length: > 0 }))];
    }

    private static string? ExistingDirectory(string path)
    {
        for (var p = path; !string.IsNullOrEmpty(p); p = Path.GetDirectoryName(p))
            if (Directory.Exists(p)) return p;
        return null;
    }
}
