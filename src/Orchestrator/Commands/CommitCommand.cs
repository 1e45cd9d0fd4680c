using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>`composer commit SERVICE [REPOSITORY[:TAG]]`: an image made from a service container's changes, as `docker compose commit`.</summary>
internal static class CommitCommand
{
    public static Command Create()
    {
        var author = Args.Value<string?>("--author", "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")", "-a");
        var change = Args.Many("--change", "Apply Dockerfile instruction to the created image", "-c");
        var index = Args.Value<int?>("--index", "index of the container if service has multiple replicas.");
        var message = Args.Value<string?>("--message", "Commit message", "-m");
        var pause = new Option<bool>("--pause", "-p") { Description = "Pause container during commit", DefaultValueFactory = _ => true };
        var service = Args.Service();
        var reference = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne, Description = "Name of the new image" };
        var command = new Command("commit", "Create a new image from a service container's changes")
        {
            author, change, index, message, pause, service, reference,
        };
        command.SetAction((parse, cancel) =>
        {
            var (repository, tag) = Reference(parse.GetValue(reference));
            var request = new CommitRequest(parse.GetValue(service)!)
            {
                Index = parse.GetValue(index),
                Repository = repository,
                Tag = tag,
                Author = parse.GetValue(author),
                Message = parse.GetValue(message),
                Changes = parse.GetValue(change) ?? [],
                Pause = parse.GetValue(pause),
            };
            return Compose.OnProjectAsync(parse, (compose, target) => compose.CommitAsync(target, request, cancel), cancel);
        });
        return command;
    }

    /// <summary>"name:tag" into its parts; a colon before the last slash is a registry's port, not a tag.</summary>
    private static (string? Repository, string? Tag) Reference(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return (null, null);
        if (reference.Contains('@')) throw new UsageException($"invalid reference \"{reference}\": commit takes REPOSITORY[:TAG], not a digest");
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? (reference[..colon], reference[(colon + 1)..]) : (reference, null);
    }
}
