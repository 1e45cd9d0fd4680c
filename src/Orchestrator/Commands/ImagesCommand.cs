using System.CommandLine;
using System.Globalization;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output.Templates;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>`composer images [SERVICE...]`: the image of each of the project's containers, as `docker compose images` lists them.</summary>
internal static class ImagesCommand
{
    public static Command Create()
    {
        var quiet = Args.Flag("--quiet", "Only display IDs", "-q");
        var format = new Option<string>("--format")
        {
            Description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.ContainerName}} {{.Repository}}'",
        };
        var services = Args.Services();
        var command = new Command("images", "List images used by the created containers") { quiet, format, services };
        command.SetAction(async (parse, cancel) =>
        {
            var request = new ImagesRequest(parse.GetValue(services) ?? []);
            var target = ProjectSession.LoadOrName(parse);
            var terminal = CommandLine.Terminal(parse);
            await using var compose = await Compose.OpenAsync(parse, terminal, cancel);
            var now = DateTimeOffset.UtcNow;
            var rows = (await compose.ImagesAsync(target, request, cancel))
                .Select(i => new ImageRow(ProjectContainers.Name(i.Container), i.Container.Image ?? "", i.Image, now)).ToList();
            if (parse.GetValue(quiet))
            {
                // As compose: each image once, its full ID without the algorithm.
                foreach (var id in rows.Select(r => r.Image.Id[(r.Image.Id.IndexOf(':') + 1)..]).Distinct()) terminal.Line(id);
                return 0;
            }
            if (parse.GetValue(format) == ListFormat.Json) { terminal.Line(ImageRow.JsonArray(rows)); return 0; }
            try { terminal.Out.Write(ListFormat.Render(parse.GetValue(format), ImageRow.DefaultTable, ImageRow.Schema, rows)); }
            catch (TemplateException bad) { throw new UsageException($"template parsing error: {bad.Message}"); }
            return 0;
        });
        return command;
    }
}

/// <summary>One line of `images`: a container and the image it runs, with docker compose's fields.</summary>
internal sealed record ImageRow(string ContainerName, string Reference, ImageInspect Image, DateTimeOffset Now)
{
    public const string DefaultTable = "table {{.ContainerName}}\t{{.Repository}}\t{{.Tag}}\t{{.Platform}}\t{{.ID}}\t{{.Size}}\t{{.Created}}";

    public static readonly TemplateSchema<ImageRow> Schema = new(
    [
        Field("ContainerName", "CONTAINER", r => r.ContainerName),
        Field("Repository", "REPOSITORY", r => r.Repository is { Length: > 0 } repository ? repository : "<none>"),
        Field("Tag", "TAG", r => r.Tag is { Length: > 0 } tag ? tag : "<none>"),
        Field("Platform", "PLATFORM", r => r.Platform),
        Field("ID", "IMAGE ID", r => PsRow.ShortId(r.Image.Id)),
        Field("Size", "SIZE", r => StatsRow.DecimalSize(r.Image.Size)),
        Field("Created", "CREATED", r => r.CreatedAt is { } at ? PsRow.HumanDuration(r.Now - at) + " ago" : "N/A"),
    ]);

    private static TemplateField<ImageRow> Field(string name, string header, Func<ImageRow, string> text) => new(name, header, r => TemplateValue.Of(text(r)));

    /// <summary>The name the container was created with, without its tag or digest; none for a bare image ID.</summary>
    public string Repository => Split().Repository;

    /// <summary>The reference's tag, `latest` when it names none (docker's reference rules); none for a digest or an ID.</summary>
    public string Tag => Split().Tag;

    public string Platform => string.Join('/', new[] { Image.Os, Image.Architecture, Image.Variant }.Where(p => !string.IsNullOrEmpty(p)));

    private DateTimeOffset? CreatedAt =>
        DateTimeOffset.TryParse(Image.Created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private (string Repository, string Tag) Split()
    {
        if (Reference.StartsWith("sha256:", StringComparison.Ordinal) || Reference.Length == 0) return ("", "");
        var at = Reference.IndexOf('@');
        if (at >= 0) return (Reference[..at], "");
        var colon = Reference.LastIndexOf(':');
        return colon > Reference.LastIndexOf('/') ? (Reference[..colon], Reference[(colon + 1)..]) : (Reference, "latest");
    }

    /// <summary>`--format json`: one array, as compose prints it, with the full ID, the size in bytes and the creation time.</summary>
    public static string JsonArray(IEnumerable<ImageRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("ID", row.Image.Id);
                writer.WriteString("ContainerName", row.ContainerName);
                writer.WriteString("Repository", row.Repository);
                writer.WriteString("Tag", row.Tag);
                writer.WriteString("Platform", row.Platform);
                writer.WriteNumber("Size", row.Image.Size);
                if (row.CreatedAt is { } created) writer.WriteString("Created", created);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
