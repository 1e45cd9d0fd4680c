using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Orchestrator.Output;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>`version`: Composer's version, then the engine's unless --short or --format json.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var shortOption = Args.Flag("--short", "Shows only Composer's version number");
        var format = Args.Format("pretty");
        format.Aliases.Add("-f"); // docker compose's short form, kept from the docker CLI plugin
        var command = new Command("version", "Show the Composer version information") { shortOption, format };
        command.SetAction(async (parse, cancel) =>
        {
            var terminal = CommandLine.Terminal(parse);
            var client = ComposeService.ClientVersion;
            if (parse.GetValue(shortOption)) { terminal.Line(client); return 0; }
            // Like `docker compose version --format json`, the client's version alone: no engine needed.
            if (parse.GetValue(format) == "json") { terminal.Line(JsonText.Object(("version", client))); return 0; }
            terminal.Line($"Composer version {client}");
            await using var compose = await Compose.OpenAsync(parse, terminal, cancel);
            var engine = await compose.EngineVersionAsync(cancel);
            terminal.Line($"Engine version {engine.Version} (API {engine.ApiVersion}, {engine.Os}/{engine.Arch})");
            return 0;
        });
        return command;
    }
}
