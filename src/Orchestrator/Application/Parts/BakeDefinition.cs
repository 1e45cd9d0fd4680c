using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Composer.Model;
using Composer.Reconciler;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Application;

/// <summary>
/// `build --print`: what would be built, as the bake file docker compose prints: a `default` group
/// naming the targets, and per service its context, Dockerfile, args, labels, tags and options.
/// Fields come in bake's order, map keys sorted and empty values left out, as Go's encoder writes that file.
/// </summary>
internal static class BakeDefinition
{
    public static string Json(Project project, IEnumerable<DesiredService> services)
    {
        var built = services.Where(s => project.Services[s.Name].Build is not null).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("group");
            writer.WriteStartObject("default");
            writer.WriteStartArray("targets");
            foreach (var service in built) writer.WriteStringValue(service.Name);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("target");
            foreach (var service in built) WriteTarget(writer, project, service);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTarget(Utf8JsonWriter writer, Project project, DesiredService service)
    {
        var build = project.Services[service.Name].Build!;
        writer.WriteStartObject(service.Name);
        writer.WriteString("context", build.Context);
        writer.WriteString("dockerfile", build.Dockerfile);
        // Only args with a value are sent to the engine; the labels are those the image gets.
        WriteMap(writer, "args", build.Args.Where(a => a.Value is not null).Select(a => (a.Key, a.Value!)));
        WriteMap(writer, "labels", build.Labels.Select(l => (l.Key, l.Value))
            .Append((ComposeLabels.Project, project.Name)).Append((ComposeLabels.Service, service.Name)));
        writer.WriteStartArray("tags");
        foreach (var tag in build.Tags.Prepend(service.Image)) writer.WriteStringValue(tag);
        writer.WriteEndArray();
        if (build.Target is { Length: > 0 } target) writer.WriteString("target", target);
        if (build.Pull) writer.WriteBoolean("pull", true);
        if (build.NoCache) writer.WriteBoolean("no-cache", true);
        if (build.Network is { Length: > 0 } network) writer.WriteString("network", network);
        writer.WriteStartArray("output");
        writer.WriteStringValue("type=docker");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IEnumerable<(string Key, string Value)> entries)
    {
        var sorted = entries.DistinctBy(e => e.Key).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0) return;
        writer.WriteStartObject(name);
        foreach (var (key, value) in sorted) writer.WriteString(key, value);
        writer.WriteEndObject();
    }
}
