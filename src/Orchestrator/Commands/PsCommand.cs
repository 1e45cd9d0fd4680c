using Composer.Model;
using System.CommandLine;
using Composer.Engine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output.Templates;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class PsCommand
{
    /// <summary>The container states `--status` and `--filter status=` accept (docker's).</summary>
    private static readonly string[] States = ["paused", "restarting", "removing", "running", "dead", "created", "exited"];

    public static Command Create()
    {
        var all = Args.Flag("--all", "Show all stopped containers (including those created by the run command)", "-a");
        var quiet = Args.Flag("--quiet", "Only display IDs", "-q");
        var servicesOnly = Args.Flag("--services", "Display services");
        var noTrunc = Args.Flag("--no-trunc", "Don't truncate output");
        var orphans = new Option<bool>("--orphans") { Description = "Include orphaned services (not declared by project)", DefaultValueFactory = _ => true };
        var status = Args.Many("--status", $"Filter services by status. Values: [{string.Join(" | ", States)}]");
        var filter = Args.Value<string?>("--filter", "Filter services by a property (supported filters: status)");
        var format = new Option<string>("--format")
        {
            Description = "Format output: 'table' (default), 'table TEMPLATE', 'json', or a Go template such as '{{.Name}} {{.Status}}'",
        };
        var services = Args.Services();
        var command = new Command("ps", "List containers") { all, quiet, servicesOnly, noTrunc, orphans, status, filter, format, services };
        command.SetAction(async (parse, cancel) =>
        {
            var request = new PsRequest(parse.GetValue(services) ?? [])
            {
                All = parse.GetValue(all),
                States = Statuses(parse.GetValue(status) ?? [], parse.GetValue(filter)),
                Orphans = parse.GetValue(orphans),
                Inspect = !parse.GetValue(quiet) && !parse.GetValue(servicesOnly),
            };
            var target = ProjectSession.LoadOrName(parse);
            var terminal = CommandLine.Terminal(parse);
            await using var compose = await Compose.OpenAsync(parse, terminal, cancel);
            var containers = await compose.PsAsync(target, request, cancel);

            if (parse.GetValue(quiet)) { foreach (var c in containers) terminal.Line(c.Summary.Id); return 0; }
            if (parse.GetValue(servicesOnly))
            {
                foreach (var s in containers.Select(c => ProjectContainers.ServiceOf(c.Summary)).Distinct()) terminal.Line(s);
                return 0;
            }
            var now = DateTimeOffset.UtcNow;
            var rows = containers.Select(c => PsRow.From(c.Summary, c.Inspect, truncate: !parse.GetValue(noTrunc), now)).ToList();
            var defaultTable = rows.Any(r => r.Container.Labels?.ContainsKey(ComposeLabels.Engine) == true) ? PsRow.DefaultTable + "\t{{.Engine}}" : PsRow.DefaultTable;
            string text;
            try { text = ListFormat.Render(parse.GetValue(format), defaultTable, PsRow.Schema, rows); }
            catch (TemplateException bad) { throw new UsageException($"template parsing error: {bad.Message}"); }
            terminal.Out.Write(text);
            return 0;
        });
        return command;
    }

    /// <summary>--status values and a `--filter status=X`, checked: compose knows one filter key, status.</summary>
    private static HashSet<string> Statuses(string[] statuses, string? filter)
    {
        var wanted = new HashSet<string>(statuses, StringComparer.Ordinal);
        if (filter is not null)
        {
            var equals = filter.IndexOf('=');
            if (equals < 0) throw new UsageException("arguments to --filter should be in form KEY=VAL");
            var (key, value) = (filter[..equals], filter[(equals + 1)..]);
            wanted.Add(key switch
            {
                "status" => value,
                "source" => throw new UsageException("--filter source is not implemented (supported filters: status)"),
                _ => throw new UsageException($"unknown filter {key} (supported filters: status)"),
            });
        }
        foreach (var state in wanted.Where(s => !States.Contains(s)))
            throw new UsageException($"invalid status \"{state}\": expected one of {string.Join(", ", States)}");
        return wanted;
    }
}
