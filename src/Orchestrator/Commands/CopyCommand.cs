using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>`cp`: files between the host and a service's container, with `docker cp`'s rules for where they land.</summary>
internal static class CopyCommand
{
    public static Command Create()
    {
        var index = Args.Value<int?>("--index", "Index of the container if service has multiple replicas (default: 1)");
        var all = Args.Flag("--all", "Copy to all the containers of the service");
        var archive = Args.Flag("--archive", "Archive mode (copy all uid/gid information)", "-a");
        var followLink = Args.Flag("--follow-link", "Always follow symbol link in SRC_PATH", "-L");
        var source = new Argument<string>("SRC") { Description = "SERVICE:SRC_PATH, a host path, or - to read a tar archive from stdin" };
        var destination = new Argument<string>("DEST") { Description = "SERVICE:DEST_PATH, a host path, or - to write a tar archive to stdout" };
        var command = new Command("cp", "Copy files/folders between a service container and the local filesystem")
        {
            index, all, archive, followLink, source, destination,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var from = CopyEndpoint.Parse(parse.GetValue(source)!);
            var to = CopyEndpoint.Parse(parse.GetValue(destination)!);
            var request = new CopyRequest(Direction(from, to, parse.GetValue(all), parse.GetValue(index)), from, to)
            {
                Index = parse.GetValue(index),
                All = parse.GetValue(all),
                FollowLink = parse.GetValue(followLink),
                Archive = parse.GetValue(archive),
            };
            var project = ProjectSession.Load(parse);
            await using var compose = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            await compose.CopyAsync(project, request, cancel);
            return 0;
        });
        return command;
    }

    /// <summary>The service the copy goes to or comes from: exactly one side names one.</summary>
    private static string Direction(CopyEndpoint from, CopyEndpoint to, bool copyAll, int? index)
    {
        if (from.Service is not null && to.Service is not null) throw new UsageException("copying between services is not supported");
        if ((from.Service ?? to.Service) is not { } service)
            throw new UsageException("cp needs SERVICE:PATH on one side: cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|- or cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH");
        if (service.Length == 0) throw new UsageException("cp needs a service name before the colon in SERVICE:PATH");
        if (copyAll && from.Service is not null) throw new UsageException("cannot use the --all flag when copying from a service");
        if (copyAll && index is not null) throw new UsageException("--all and --index cannot be used together");
        return service;
    }
}
