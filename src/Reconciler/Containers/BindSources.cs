using Composer.Model;
using Composer.Reconciler.Planning;

namespace Composer.Reconciler.Containers;

/// <summary>
/// Binds whose host path must already be there (`bind: {create_host_path: false}`). Checked before
/// a plan runs, so a missing one stops `up` before anything is created, and named with its service;
/// left to the engine, it would fail at that container's create, after networks and the services
/// before it.
/// </summary>
public static class BindSources
{
    public static bool MustExist(ServiceVolume volume) => volume is { Type: VolumeType.Bind, Bind.CreateHostPath: false };

    /// <summary>Throws for the first service the plan creates a container for whose bind source is missing.</summary>
    public static void EnsureExist(Project project, Plan plan)
    {
        var created = plan.Operations
            .Where(o => o.Kind is OperationKind.CreateContainer or OperationKind.RollOut && o.Service is not null)
            .Select(o => o.Service!).Distinct();
        foreach (var name in created)
            foreach (var volume in project.Services[name].Volumes.Where(MustExist))
                // Path.Exists follows a symlink: a dangling one is as missing to the engine.
                if (volume.Source is not { } source || !Path.Exists(source))
                    throw new MissingBindSourceException(name, volume.Source ?? "", volume.Target);
    }
}

public sealed class MissingBindSourceException(string service, string source, string target)
    : Exception($"service \"{service}\": bind source path does not exist: {source} (mounted at {target}; bind.create_host_path is false)");
