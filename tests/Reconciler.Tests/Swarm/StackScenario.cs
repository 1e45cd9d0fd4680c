using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Composer.Engine;
using Composer.Model;
using Composer.Reconciler.Swarm;

namespace Composer.Reconciler.Tests.Swarm;

/// <summary>Compose text -> desired stack, and observed stacks made from desired ones, for planner tests.</summary>
internal static class StackScenario
{
    public const string Stack = "demo";

    public static Project Load(string yaml)
    {
        const string file = "/stack/compose.yaml";
        return ProjectLoader.Load(new ProjectOptions
        {
            ConfigFiles = [file],
            WorkingDirectory = "/stack",
            ProjectName = Stack,
            ReadFile = path => path == file ? yaml : throw new FileNotFoundException(path),
            FileExists = path => path == file,
            Environment = new Dictionary<string, string> { ["TOKEN"] = "s3cret" },
        });
    }

    /// <summary>Configs inline and secrets from the (injected) environment, so no file is read.</summary>
    public static DesiredStack Desired(string yaml)
    {
        var project = Load(yaml);
        return DesiredStackBuilder.Build(project, StackFiles.Read(project));
    }

    /// <summary>What the swarm holds after `desired` was deployed.</summary>
    public static ObservedStack Deployed(DesiredStack desired) => new(
        [.. desired.Services.Select(s => new ObservedStackService("id-" + s.Name, s.Name, 10, s.SpecHash, s.Spec.Mode?.Replicated?.Replicas, s.Spec))],
        [.. desired.Networks.Select(n => new ObservedSwarmObject("id-" + n.Name, n.Name))],
        [.. desired.Configs.Select(c => new ObservedSwarmObject("id-" + c.Name, c.Name, c.Spec.Labels![StackLabels.ObjectName]))],
        [.. desired.Secrets.Select(c => new ObservedSwarmObject("id-" + c.Name, c.Name, c.Spec.Labels![StackLabels.ObjectName]))]);

    public static string Json(ServiceSpec spec) =>
        JsonSerializer.Serialize(spec, new JsonSerializerOptions(SwarmJson.Default.Options) { WriteIndented = true }.GetTypeInfo(typeof(ServiceSpec)));

    public static string Json(DesiredStack desired)
    {
        var text = new StringBuilder();
        foreach (var n in desired.Networks)
            text.Append($"network {n.Name}: driver={n.Request.Driver} attachable={n.Request.Attachable} labels={Labels(n.Request.Labels)}\n");
        foreach (var c in desired.Configs) text.Append($"config {c.Name}: {Encoding.UTF8.GetString(c.Spec.Data!)} labels={Labels(c.Spec.Labels)}\n");
        foreach (var c in desired.Secrets) text.Append($"secret {c.Name}: {Encoding.UTF8.GetString(c.Spec.Data!)} labels={Labels(c.Spec.Labels)}\n");
        foreach (var s in desired.Services) text.Append($"service {s.Name}:\n{Json(s.Spec)}\n");
        return text.ToString();
    }

    private static string Labels(Dictionary<string, string>? labels) => string.Join(",", (labels ?? []).Select(l => $"{l.Key}={l.Value}"));

    public static ImmutableArray<T> Without<T>(this ImmutableArray<T> items, Func<T, bool> drop) => [.. items.Where(i => !drop(i))];
}
