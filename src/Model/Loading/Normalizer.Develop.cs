using System.Collections.Immutable;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>`develop.watch`: read into <see cref="WatchRule"/>s, then checked against the whole project.</summary>
internal sealed partial class Normalizer
{
    private DevelopConfig Develop(MappingNode m, string path)
    {
        if (m["watch"] is not SequenceNode watch) return new DevelopConfig();
        var rules = ImmutableArray.CreateBuilder<WatchRule>();
        for (var i = 0; i < watch.Items.Length; i++)
        {
            if (watch.Items[i] is not MappingNode rule) continue;
            var rulePath = N.Index(path + ".watch", i);
            // The schema already names a missing path or an unknown action; nothing more to say here.
            if (Str(rule, "path") is not { } watched || WatchActions.Parse(Str(rule, "action") ?? "") is not { } action) continue;
            var target = Str(rule, "target");
            if (target is not null && !target.StartsWith('/'))
                Error(rule["target"]!, rulePath + ".target", $"the container path '{target}' must be absolute");
            rules.Add(new WatchRule
            {
                Path = watched,
                Action = action,
                Target = target is null ? null : Syntax.CleanTarget(target),
                Ignore = List(rule, "ignore"),
                Include = List(rule, "include"),
                InitialSync = Bool(rule, "initial_sync", rulePath) ?? false,
                Exec = rule["exec"] is MappingNode exec ? Hook(exec, rulePath + ".exec") : null,
            });
        }
        return new DevelopConfig { Watch = rules.ToImmutable() };
    }

    /// <param name="fillValueless">A variable named without a value takes the project environment's (watch exec does);
    /// compose-go leaves post_start/pre_stop ones unset, and so does composer.</param>
    private ServiceHook? Hook(MappingNode m, string path, bool fillValueless = true)
    {
        if (Command(m, "command", path) is not { IsEmpty: false } command) return null;
        var environment = ImmutableSortedDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        if (m["environment"] is MappingNode em)
            foreach (var e in em.Entries)
                environment[e.Name] = e.Value is ScalarNode { IsNull: true } ? (fillValueless && env.TryGetValue(e.Name, out var v) ? v : null) : N.Text(e.Value) ?? "";
        return new ServiceHook
        {
            Command = command,
            User = Str(m, "user"),
            Privileged = Bool(m, "privileged", path) ?? false,
            WorkingDir = Str(m, "working_dir"),
            Environment = environment.ToImmutable(),
            Extensions = Extensions(m),
        };
    }

    /// <summary>
    /// What docker compose only finds once `watch` runs, told here with the rule's position: a sync
    /// without a target, a sync+exec without a command, a rebuild of a service that cannot build,
    /// and a path outside the project's sources (its directory and its services' build contexts).
    /// </summary>
    private void CheckWatchRules(List<(ServiceConfig Svc, MappingNode Node)> services)
    {
        // Paths left relative by --no-path-resolution are compared where they point on disk.
        var sources = services.Select(s => s.Svc.Build?.Context).OfType<string>().Where(c => !c.Contains("://", StringComparison.Ordinal)).Select(onDisk).Append(projectDir).ToList();
        foreach (var (s, node) in services)
        {
            if (s.Develop is null || (node["develop"] as MappingNode)?["watch"] is not SequenceNode items) continue;
            var rules = items.Items.OfType<MappingNode>().Where(r => N.Text(r["path"]) is not null && WatchActions.Parse(N.Text(r["action"]) ?? "") is not null).ToList();
            for (var i = 0; i < s.Develop.Watch.Length && i < rules.Count; i++)
            {
                var rule = s.Develop.Watch[i];
                var at = rules[i];
                var path = N.Index($"services.{s.Name}.develop.watch", items.Items.IndexOf(at));
                var action = WatchActions.Name(rule.Action);
                if (WatchActions.Syncs(rule.Action) && rule.Target is null)
                    Error(at, path, $"a '{action}' rule needs a 'target': the path in the container that '{rule.Path}' is copied to");
                if (rule.Action == WatchAction.SyncExec && rule.Exec is null)
                    Error(at, path, "a 'sync+exec' rule needs 'exec: {command: ...}': the command to run after each sync");
                if (rule.Action == WatchAction.Rebuild && s.Build is null)
                    Error(at["action"] ?? at, path + ".action", $"a 'rebuild' rule needs a 'build' section: service '{s.Name}' has only an image to run");
                if (!sources.Any(root => IsUnder(onDisk(rule.Path), root)))
                    Error(at["path"] ?? at, path + ".path", $"'{rule.Path}' is outside the project ({projectDir}) and its build contexts; watch only the project's own files");
            }
        }
    }

    private static bool IsUnder(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative == "." || !(relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }
}
