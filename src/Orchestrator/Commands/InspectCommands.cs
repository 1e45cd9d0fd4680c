using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

internal static class PortCommand
{
    public static Command Create()
    {
        var protocol = Args.Value<string?>("--protocol", "tcp or udp");
        var index = Args.Value<int?>("--index", "Index of the container if service has multiple replicas");
        var service = Args.Service();
        var privatePort = new Argument<int>("PRIVATE_PORT") { Description = "Port inside the container" };
        var command = new Command("port", "Print the public port for a port binding") { protocol, index, service, privatePort };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.LoadOrName(parse);
            var name = project.Service(parse, service);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            var container = await ServiceReplica.FindAsync(session.Engine, project.Name, name, parse.GetValue(index), cancel);
            var proto = parse.GetValue(protocol) ?? "tcp";
            var binding = (container.Ports ?? []).FirstOrDefault(p => p.PrivatePort == parse.GetValue(privatePort) && p.Type == proto && p.PublicPort > 0)
                ?? throw new UsageException($"no port {parse.GetValue(privatePort)}/{proto} for container {ProjectContainers.Name(container)}");
            terminal.Line($"{binding.IP}:{binding.PublicPort}");
            return 0;
        });
        return command;
    }
}

internal static class TopCommand
{
    public static Command Create()
    {
        var services = Args.Services();
        var command = new Command("top", "Display the running processes") { services };
        command.SetAction(async (parse, cancel) =>
        {
            var project = ProjectSession.LoadOrName(parse);
            var selected = project.Services(parse, services);
            var terminal = CommandLine.Terminal(parse);
            await using var session = await Compose.OpenAsync(parse, terminal, cancel);
            foreach (var container in await ProjectContainers.ListAsync(session.Engine, project.Name, selected, all: false, cancel))
            {
                var top = await session.Engine.TopContainerAsync(container.Id, cancel);
                terminal.Line(ProjectContainers.Name(container));
                terminal.Line(string.Join('\t', top.Titles ?? []));
                foreach (var process in top.Processes ?? []) terminal.Line(string.Join('\t', process));
                terminal.Line("");
            }
            return 0;
        });
        return command;
    }
}
