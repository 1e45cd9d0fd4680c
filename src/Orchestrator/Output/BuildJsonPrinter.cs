using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Composer.Engine;

namespace Composer.Orchestrator.Output;

/// <summary>
/// `--progress json` for BuildKit builds: docker compose hands builds to buildx with
/// `--progress rawjson`, which prints BuildKit's SolveStatus as JSON, one object per update. We
/// print the same shape, one object per change: `{"vertexes":[{digest,name,started,completed,
/// cached,error}]}`, `{"statuses":[...]}`, `{"logs":[{vertex,stream,data (base64),timestamp}]}`.
/// Names carry the service as with several bake targets (`[web 2/5] RUN ...`). A log object holds
/// one line with its newline.
/// </summary>
public sealed class BuildJsonPrinter(Action<string> write)
{
    public void Step(string service, BuildStepEvent stepEvent) => write(Json(service, stepEvent));

    public static string Json(string service, BuildStepEvent stepEvent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            switch (stepEvent)
            {
                case BuildStepChanged step:
                    json.WriteStartArray("vertexes");
                    json.WriteStartObject();
                    json.WriteString("digest", step.Digest);
                    json.WriteString("name", BuildBoard.WithService(service, step.Name));
                    Time(json, "started", step.Started);
                    Time(json, "completed", step.Completed);
                    if (step.Cached) json.WriteBoolean("cached", true);
                    if (step.Error is { } error) json.WriteString("error", error);
                    json.WriteEndObject();
                    json.WriteEndArray();
                    break;
                case BuildStepStatus status:
                    json.WriteStartArray("statuses");
                    json.WriteStartObject();
                    json.WriteString("id", status.Id);
                    json.WriteString("vertex", status.Digest);
                    if (status.Total != 0) json.WriteNumber("total", status.Total);
                    json.WriteNumber("current", status.Current);
                    Time(json, "timestamp", status.Timestamp);
                    Time(json, "started", status.Started);
                    Time(json, "completed", status.Completed);
                    json.WriteEndObject();
                    json.WriteEndArray();
                    break;
                case BuildStepLog log:
                    json.WriteStartArray("logs");
                    json.WriteStartObject();
                    json.WriteString("vertex", log.Digest);
                    json.WriteNumber("stream", log.Stream);
                    json.WriteBase64String("data", Encoding.UTF8.GetBytes(log.Line + "\n"));
                    Time(json, "timestamp", log.Timestamp);
                    json.WriteEndObject();
                    json.WriteEndArray();
                    break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t) json.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}
