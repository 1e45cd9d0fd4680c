using System.CommandLine;
using System.Globalization;
using Composer.Engine;
using Composer.Model;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Reconciler.Swarm;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `composer stack deploy|ps|services|rm`: the same compose files on a Docker Swarm, with the docker
/// CLI's verbs and labels (so `docker stack ls` lists our stacks). Deploy waits for the services to
/// converge, as `docker service create/update` do, unless --detach.
/// </summary>
internal static class StackCommand
{
    public static Command Create() => new("stack", "Manage Swarm stacks") { Deploy(), Ps(), Services(), Rm() };

    private static Argument<string> StackName() => new("STACK") { Description = "Stack name" };

    private static Command Deploy()
    {
        var files = Args.Many("--compose-file", "Path to a Compose file (repeatable)", "-c");
        var prune = Args.Flag("--prune", "Prune services that are no longer referenced");
        // The global --dry-run: this verb prints its plan instead of walking it.
        var dryRun = GlobalOptions.DryRun;
        var detach = Args.Flag("--detach", "Exit once the swarm accepted the changes, without waiting for services to converge", "-d");
        var timeout = Args.Value<int?>("--timeout", "Seconds to wait for services to converge (default 300)");
        var name = StackName();
        var command = new Command("deploy", "Deploy a new stack or update an existing stack") { files, prune, detach, timeout, name };
        command.SetAction(async (parse, cancel) =>
        {
            var stack = CheckName(parse.GetValue(name));
            var composeFiles = parse.GetValue(files) ?? [];
            if (composeFiles.Length == 0) throw new UsageException("stack deploy: give the compose file with -c FILE (repeatable)");
            if (parse.GetValue(timeout) is <= 0) throw new UsageException("--timeout: expected a positive number of seconds");
            var project = UninterruptedLoad.Load(ProjectSession.Options(parse) with { ConfigFiles = composeFiles, ProjectName = stack });
            var desired = DesiredStackBuilder.Build(project, StackFiles.Read(project));
            var terminal = CommandLine.Terminal(parse);

            using var client = await ConnectAsync(cancel);
            var reconciler = new StackReconciler(client) { Log = terminal.Status };
            if (parse.GetValue(dryRun))
            {
                terminal.Line((await reconciler.PlanDeployAsync(desired, parse.GetValue(prune), cancel)).ToString().TrimEnd());
                return 0;
            }
            foreach (var warning in desired.Warnings) terminal.Warn(warning);
            var converge = parse.GetValue(detach) ? (TimeSpan?)null : TimeSpan.FromSeconds(parse.GetValue(timeout) ?? 300);
            var plan = await reconciler.DeployAsync(desired with { Warnings = [] }, parse.GetValue(prune), converge, cancel);
            foreach (var warning in plan.Warnings) terminal.Warn(warning);
            if (plan.IsEmpty) terminal.Status($"Stack {stack} is up to date");
            return 0;
        });
        return command;
    }

    private static Command Ps()
    {
        var name = StackName();
        var command = new Command("ps", "List the tasks in the stack") { name };
        command.SetAction(async (parse, cancel) =>
        {
            var stack = CheckName(parse.GetValue(name));
            using var client = await ConnectAsync(cancel);
            var services = await client.ListServicesAsync([StackLabels.Filter(stack)], cancel);
            if (services.Count == 0) throw new UsageException($"Nothing found in stack: {stack}");
            var tasks = await client.ListTasksAsync(new TaskFilters { Service = [.. services.Select(s => s.ID)] }, cancel);
            var nodes = (await client.ListNodesAsync(cancel)).ToDictionary(n => n.ID, n => n.Description?.Hostname ?? n.ID);
            var serviceNames = services.ToDictionary(s => s.ID, s => s.Spec?.Name ?? s.ID);
            var rows = tasks
                .OrderBy(t => serviceNames.GetValueOrDefault(t.ServiceID ?? ""), StringComparer.Ordinal).ThenBy(t => t.Slot)
                .ThenByDescending(t => t.Status?.Timestamp, StringComparer.Ordinal)
                .Select(t => new[]
                {
                    t.ID[..Math.Min(12, t.ID.Length)],
                    $"{serviceNames.GetValueOrDefault(t.ServiceID ?? "", "?")}.{(t.Slot > 0 ? t.Slot.ToString(CultureInfo.InvariantCulture) : t.NodeID)}",
                    t.Spec?.ContainerSpec.Image ?? "",
                    nodes.GetValueOrDefault(t.NodeID ?? "", t.NodeID ?? ""),
                    Title(t.DesiredState),
                    $"{Title(t.Status?.State)} {Ago(t.Status?.Timestamp)}".TrimEnd(),
                    t.Status?.Err ?? "",
                });
            TextTable.Write(CommandLine.Terminal(parse), ["ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR"], rows);
            return 0;
        });
        return command;
    }

    private static Command Services()
    {
        var name = StackName();
        var command = new Command("services", "List the services in the stack") { name };
        command.SetAction(async (parse, cancel) =>
        {
            var stack = CheckName(parse.GetValue(name));
            using var client = await ConnectAsync(cancel);
            var services = await client.ListServicesAsync([StackLabels.Filter(stack)], cancel, status: true);
            if (services.Count == 0) throw new UsageException($"Nothing found in stack: {stack}");
            var rows = services.OrderBy(s => s.Spec?.Name, StringComparer.Ordinal).Select(s => new[]
            {
                s.ID[..Math.Min(12, s.ID.Length)],
                s.Spec?.Name ?? "",
                s.Spec?.Mode?.Global is not null ? "global" : "replicated",
                $"{s.ServiceStatus?.RunningTasks ?? 0}/{s.ServiceStatus?.DesiredTasks ?? s.Spec?.Mode?.Replicated?.Replicas ?? 0}",
                s.Spec?.TaskTemplate.ContainerSpec.Image ?? "",
                string.Join(", ", (s.Spec?.EndpointSpec?.Ports ?? []).Select(Port)),
            });
            TextTable.Write(CommandLine.Terminal(parse), ["ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS"], rows);
            return 0;
        });
        return command;
    }

    private static Command Rm()
    {
        var name = StackName();
        var command = new Command("rm", "Remove the stack: its services, networks, configs and secrets") { name };
        command.SetAction(async (parse, cancel) =>
        {
            var stack = CheckName(parse.GetValue(name));
            var terminal = CommandLine.Terminal(parse);
            using var client = await ConnectAsync(cancel);
            await client.InspectSwarmAsync(cancel);
            var plan = await new StackReconciler(client) { Log = terminal.Status }.RemoveAsync(stack, cancel);
            if (plan.IsEmpty) throw new UsageException($"Nothing found in stack: {stack}");
            return 0;
        });
        return command;
    }

    /// <summary>Stack names become name prefixes of every object: the same rule as project names.</summary>
    private static string CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !(char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
            || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
            throw new UsageException($"invalid stack name '{name}': use only lowercase letters, digits, '-' and '_', starting with a letter or digit");
        return name;
    }

    private static async Task<EngineClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = EngineClient.FromEnvironment();
        try
        {
            await client.PingAsync(cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static string Port(EndpointPortConfig port) => port.PublishMode == "host"
        ? $"{port.PublishedPort}->{port.TargetPort}/{port.Protocol} (host)"
        : $"*:{port.PublishedPort}->{port.TargetPort}/{port.Protocol}";

    private static string Title(string? text) => string.IsNullOrEmpty(text) ? "" : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Ago(string? timestamp)
    {
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)) return "";
        var age = DateTimeOffset.UtcNow - when;
        return age.TotalSeconds < 60 ? $"{Math.Max(0, (int)age.TotalSeconds)} seconds ago"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} minutes ago" : $"{(int)age.TotalHours} hours ago";
    }
}
