using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>`port SERVICE PRIVATE_PORT`: the public address a container port is published on, as IP:PORT.</summary>
internal static class PortCommand
{
    public static Command Create()
    {
        var protocol = Args.Value<string?>("--protocol", "tcp or udp");
        var index = Args.Value<int?>("--index", "Index of the container if service has multiple replicas");
        var service = Args.Service();
        var privatePort = new Argument<int>("PRIVATE_PORT") { Description = "Port inside the container" };
        var command = new Command("port", "Print the public port for a port binding") { protocol, index, service, privatePort };
        command.SetAction((parse, cancel) =>
        {
            var request = new PortRequest(parse.GetValue(service)!, parse.GetValue(privatePort))
            {
                Protocol = parse.GetValue(protocol) ?? "tcp",
                Index = parse.GetValue(index),
            };
            return Compose.OnProjectAsync(parse, async (compose, target) =>
            {
                var binding = await compose.PortAsync(target, request, cancel);
                compose.Terminal.Line($"{binding.IP}:{binding.PublicPort}");
            }, cancel);
        });
        return command;
    }
}
