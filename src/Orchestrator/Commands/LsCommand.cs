using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>`ls`: the compose projects on the engine, as a table, JSON or names alone.</summary>
internal static class LsCommand
{
    public static Command Create()
    {
        var all = Args.Flag("--all", "Show all stopped Compose projects", "-a");
        var quiet = Args.Flag("--quiet", "Only display project names", "-q");
        var format = Args.Format("table");
        var filter = Args.Many("--filter", "Filter output based on conditions provided (name=REGEX)");
        var command = new Command("ls", "List running compose projects") { all, quiet, format, filter };
        command.SetAction(async (parse, cancel) =>
        {
            var request = new ListProjectsRequest { All = parse.GetValue(all), Names = ProjectNameFilter.Parse(parse.GetValue(filter) ?? []) };
            var terminal = CommandLine.Terminal(parse);
            await using var compose = await Compose.OpenAsync(parse, terminal, cancel);
            var projects = await compose.ListProjectsAsync(request, cancel);
            if (parse.GetValue(quiet)) { foreach (var p in projects) terminal.Line(p.Name); return 0; }
            if (parse.GetValue(format) == "json")
            {
                terminal.Line(JsonText.Array(projects.Select(p => new[] { ("Name", p.Name), ("Status", p.Status), ("ConfigFiles", p.ConfigFiles) })));
                return 0;
            }
            TextTable.Write(terminal, ["NAME", "STATUS", "CONFIG FILES"], [.. projects.Select(p => new[] { p.Name, p.Status, p.ConfigFiles })]);
            return 0;
        });
        return command;
    }
}
