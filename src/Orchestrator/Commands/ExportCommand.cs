using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>
/// `composer export SERVICE`: a service container's filesystem as a tar archive, streamed to stdout
/// or to --output, as `docker compose export`. A tar is never written to a terminal.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var index = Args.Value<int?>("--index", "index of the container if service has multiple replicas.");
        var output = Args.Value<string?>("--output", "Write to a file, instead of STDOUT", "-o");
        var service = Args.Service();
        var command = new Command("export", "Export a service container's filesystem as a tar archive") { index, output, service };
        command.SetAction((parse, cancel) =>
        {
            var file = parse.GetValue(output);
            if (string.IsNullOrEmpty(file) && !Console.IsOutputRedirected)
                throw new UsageException("output option is required when exporting to terminal: use --output FILE or redirect stdout");
            if (!string.IsNullOrEmpty(file)) CheckOutputPath(file);
            var request = new ExportRequest(parse.GetValue(service)!) { Index = parse.GetValue(index), Output = file };
            return Compose.OnProjectAsync(parse, (compose, target) => compose.ExportAsync(target, request, cancel), cancel);
        });
        return command;
    }

    /// <summary>As docker: the folder must exist and the path must not be a folder, checked before anything is fetched.</summary>
    private static void CheckOutputPath(string file)
    {
        var full = Path.GetFullPath(file);
        if (Directory.Exists(full)) throw new UsageException($"invalid --output \"{file}\": it is a directory");
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder)) throw new UsageException($"invalid --output \"{file}\": directory {folder} does not exist");
    }
}
