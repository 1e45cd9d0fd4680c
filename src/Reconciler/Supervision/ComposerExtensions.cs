using Composer.Model;
using Composer.Reconciler.Scheduling;

namespace Composer.Reconciler.Supervision;

/// <summary>The `x-composer` block of every service, checked as a whole before anything acts on it.</summary>
public static class ComposerExtensions
{
    /// <exception cref="SupervisionConfigException">The first setting that cannot be read, naming service and key.</exception>
    public static void Validate(Project project)
    {
        foreach (var service in project.Services.Values)
        {
            RestartSettings.For(service);
            JobSchedule.For(service);
        }
    }
}
