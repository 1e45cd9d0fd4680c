using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.Planning;
using Composer.Reconciler.State;
using Composer.Orchestrator.Application;

namespace Composer.Orchestrator.Commands;

/// <summary>The flags `up` and `create` share (images, recreation, orphans, scale), declared and read in one place.</summary>
internal sealed class ConvergeFlags
{
    public PullFlags Pull { get; } = new();

    private readonly Option<bool> _build = Args.Flag("--build", "Build images before starting containers");
    private readonly Option<bool> _noBuild = Args.Flag("--no-build", "Don't build an image, even if it's missing");
    private readonly Option<bool> _forceRecreate = Args.Flag("--force-recreate", "Recreate containers even if their configuration and image haven't changed");
    private readonly Option<bool> _noRecreate = Args.Flag("--no-recreate", "If containers already exist, don't recreate them");
    private readonly Option<bool> _removeOrphans = Args.Flag("--remove-orphans", "Remove containers for services not defined in the Compose file");
    private readonly Option<string[]> _scale = Args.Many("--scale", "Scale SERVICE to NUM instances (SERVICE=NUM)");
    // composer asks no questions (nothing it does needs a yes), so this changes nothing; kept so scripts that pass it run.
    private readonly Option<bool> _yes = Args.Flag("--yes", "Assume \"yes\" as answer to all prompts and run non-interactively (composer never prompts)", "-y");
    private readonly Option<bool> _renewAnonVolumes = Args.Flag("--renew-anon-volumes", "Recreate anonymous volumes instead of retrieving data from the previous containers", "-V");

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _build, _noBuild, _forceRecreate, _noRecreate, _removeOrphans, _scale, _renewAnonVolumes, _yes })
            command.Options.Add(option);
        Pull.AddTo(command);
    }

    /// <summary>Refuses the contradictory pairs, naming both flags.</summary>
    public void Check(ParseResult parse)
    {
        if (parse.GetValue(_build) && parse.GetValue(_noBuild)) throw new UsageException("--build and --no-build are incompatible");
        if (parse.GetValue(_forceRecreate) && parse.GetValue(_noRecreate)) throw new UsageException("--force-recreate and --no-recreate are incompatible");
    }

    /// <summary>The create half of `up` and `create`, as the command line asks it.</summary>
    public CreateRequest Request(ParseResult parse, string[] services) => new()
    {
        Services = services,
        Scale = ScaleParser.Parse(parse.GetValue(_scale)),
        AllResources = parse.GetValue(GlobalOptions.AllResources),
        Images = parse.GetValue(_build) ? BuildPolicy.Always : parse.GetValue(_noBuild) ? BuildPolicy.Never : BuildPolicy.IfMissing,
        Pull = Pull.Policy(parse),
        QuietPull = Pull.Quiet(parse),
        Containers = new UpOptions
        {
            ForceRecreate = parse.GetValue(_forceRecreate),
            NoRecreate = parse.GetValue(_noRecreate),
            RenewAnonVolumes = parse.GetValue(_renewAnonVolumes),
            RemoveOrphans = parse.GetValue(_removeOrphans) || ComposeVariables.RemoveOrphans,
            IgnoreOrphans = ComposeVariables.IgnoreOrphans,
        },
    };
}
