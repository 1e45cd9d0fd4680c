using System.CommandLine;
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
        var format = Args.Format("table");
        var services = Args.Services();
        var command = new Command("ps", "List containers") { all, quiet, servicesOnly, format, services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.LoadOrName(parse);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await EngineSession.OpenAsync(terminal, cancel);
            var containers = await ProjectContainers.ListAsync(session.Engine, project.Name, project.Services(parse, services), parse.GetValue(all), cancel);

            if (parse.GetValue(quiet)) foreach (var c in containers) terminal.Line(c.Id);
            else if (parse.GetValue(servicesOnly)) foreach (var s in containers.Select(ProjectContainers.ServiceOf).Distinct()) terminal.Line(s);
            else if (parse.GetValue(format) == "json") terminal.Line(Json(containers));
            else Table(terminal, containers);
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

    private static string Json(List<ContainerSummary> containers) => Output.JsonText.Array(containers.Select(c => new[]
    {
        ("ID", c.Id), ("Name", ProjectContainers.Name(c)), ("Image", c.Image ?? ""), ("Command", c.Command ?? ""),
        ("Project", c.Labels?.GetValueOrDefault(Reconciler.Labels.Project) ?? ""), ("Service", ProjectContainers.ServiceOf(c)),
        ("State", c.State ?? ""), ("Status", c.Status ?? ""), ("Ports", Ports(c)),
    }));
}
