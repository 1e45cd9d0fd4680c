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
        command.SetAction(async (parse, cancel) =>
        {
            var file = parse.GetValue(output);
            if (string.IsNullOrEmpty(file) && !Console.IsOutputRedirected)
                throw new UsageException("output option is required when exporting to terminal: use --output FILE or redirect stdout");
            if (!string.IsNullOrEmpty(file)) CheckOutputPath(file);
            var project = ProjectSession.LoadOrName(parse);
            var name = project.Service(parse, service);
            await using var session = await Compose.OpenAsync(parse, CommandLine.Terminal(parse), cancel);
            var target = await ServiceReplica.FindAsync(session.Engine, project.Name, name, parse.GetValue(index), cancel);
            if (string.IsNullOrEmpty(file))
            {
                await using var stdout = Console.OpenStandardOutput();
                await session.Engine.ExportContainerAsync(target.Id, stdout, cancel);
            }
            else
            {
                await WriteAtomicallyAsync(file, destination => session.Engine.ExportContainerAsync(target.Id, destination, cancel));
            }
            return 0;
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

    /// <summary>Into a temporary file beside the target, renamed over it once complete: a failed export leaves no half archive.</summary>
    private static async Task WriteAtomicallyAsync(string file, Func<Stream, Task> write)
    {
        var full = Path.GetFullPath(file);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using (var destination = new FileStream(temporary, options)) await write(destination);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
