using System.CommandLine;
using System.Text;
using Composer.Engine;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

internal static class PsCommand
{
    public static Command Create()
    {
        var all = Args.Flag("--all", "Show all stopped containers", "-a");
        var quiet = Args.Flag("--quiet", "Only display IDs", "-q");
        var servicesOnly = Args.Flag("--services", "Display services");
        var format = Args.Value<string?>("--format", "Format the output: table (default) or json");
        var services = Args.Services();
        var command = new Command("ps", "List containers") { all, quiet, servicesOnly, format, services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.Load(parse);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(terminal, cancel);
            var containers = await ProjectContainers.ListAsync(session.Engine, project.Name, parse.GetValue(services) ?? [], parse.GetValue(all), cancel);

            if (parse.GetValue(quiet)) foreach (var c in containers) terminal.Line(c.Id);
            else if (parse.GetValue(servicesOnly)) foreach (var s in containers.Select(ProjectContainers.ServiceOf).Distinct()) terminal.Line(s);
            else if (parse.GetValue(format) is "json") terminal.Line(Json(containers));
            else if (parse.GetValue(format) is null or "table") Table(terminal, containers);
            else throw new UsageException($"--format: unsupported value '{parse.GetValue(format)}' (table or json)");
            return 0;
        });
        return command;
    }

    private static void Table(Output.Terminal terminal, List<ContainerSummary> containers)
    {
        var rows = containers.Select(c => new[]
        {
            ProjectContainers.Name(c), c.Image ?? "", Quote(c.Command), ProjectContainers.ServiceOf(c), c.Status ?? "", Ports(c),
        }).ToList();
        Output.TextTable.Write(terminal, ["NAME", "IMAGE", "COMMAND", "SERVICE", "STATUS", "PORTS"], rows);
    }

    public static string Ports(ContainerSummary container) => string.Join(", ", (container.Ports ?? [])
        .OrderBy(p => p.PrivatePort).ThenBy(p => p.Type)
        .Select(p => p.PublicPort is > 0 ? $"{p.IP}:{p.PublicPort}->{p.PrivatePort}/{p.Type}" : $"{p.PrivatePort}/{p.Type}")
        .Distinct());

    private static string Quote(string? command) => command is null ? "" : "\"" + (command.Length > 20 ? command[..19] + "…" : command) + "\"";

    /// <summary>Hand-written JSON keeps the CLI free of reflection-based serialization.</summary>
    private static string Json(List<ContainerSummary> containers)
    {
        var json = new StringBuilder("[");
        foreach (var (c, i) in containers.Select((c, i) => (c, i)))
        {
            if (i > 0) json.Append(',');
            json.Append('{')
                .Append("\"ID\":").Append(JsonString(c.Id)).Append(',')
                .Append("\"Name\":").Append(JsonString(ProjectContainers.Name(c))).Append(',')
                .Append("\"Image\":").Append(JsonString(c.Image ?? "")).Append(',')
                .Append("\"Command\":").Append(JsonString(c.Command ?? "")).Append(',')
                .Append("\"Project\":").Append(JsonString(c.Labels?.GetValueOrDefault(Reconciler.Labels.Project) ?? "")).Append(',')
                .Append("\"Service\":").Append(JsonString(ProjectContainers.ServiceOf(c))).Append(',')
                .Append("\"State\":").Append(JsonString(c.State ?? "")).Append(',')
                .Append("\"Status\":").Append(JsonString(c.Status ?? "")).Append(',')
                .Append("\"Ports\":").Append(JsonString(Ports(c)))
                .Append('}');
        }
        return json.Append(']').ToString();
    }

    public static string JsonString(string value) => System.Text.Json.JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) is var e ? $"\"{e}\"" : "";
}
