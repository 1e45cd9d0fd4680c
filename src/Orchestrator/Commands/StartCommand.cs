using System.CommandLine;
using Composer.Orchestrator.Cli;
using Composer.Reconciler.State;

namespace Composer.Orchestrator.Commands;

/// <summary>`start`: the existing containers of the services; with --wait, until they run (healthy where they have a healthcheck).</summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var wait = Args.Flag("--wait", "Wait for services to be running|healthy");
        var waitTimeout = Args.Value<int?>("--wait-timeout", "Maximum duration in seconds to wait for the project to be running|healthy");
        return LifecycleCommands.Verb("start", "Start services", all: true, (e, c, _, _, ct) => e.StartContainerAsync(c.Id, ct), [wait, waitTimeout],
            after: async (session, parse, target, selected, cancel) =>
            {
                if (!parse.GetValue(wait)) return;
                if (target.Project is not { } project) throw new UsageException("--wait needs the compose file: it says which services have healthchecks");
                var desired = DesiredStateBuilder.Build(project, selected, withDependencies: false);
                TimeSpan? limit = parse.GetValue(waitTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
                await session.Reconciler(project).WaitReadyAsync(desired, limit, cancel);
            });
    }
}
