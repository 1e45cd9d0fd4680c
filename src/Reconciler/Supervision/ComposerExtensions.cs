using Composer.Model;
using Composer.Reconciler.Scheduling;

namespace Composer.Reconciler.Supervision;

/// <summary>
/// What is left to check of `x-composer` after loading: the loader checked every key and value with positions;
/// only Quartz can say whether a well-formed cron expression is one it runs.
/// </summary>
public static class ComposerExtensions
{
    /// <exception cref="SupervisionConfigException">The first schedule that cannot be compiled, at its file:line:col.</exception>
    public static void Validate(Project project)
    {
        foreach (var service in project.Services.Values) JobSchedule.For(service);
    }
}
