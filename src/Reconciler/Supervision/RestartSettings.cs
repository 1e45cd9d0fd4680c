using Composer.Model;
using Composer.Reconciler.Containers;

namespace Composer.Reconciler.Supervision;

/// <summary>
/// What the supervisor does for one service: the declared policy (`restart:` or
/// `deploy.restart_policy`), its backoff, and whether unhealthy containers are restarted.
/// </summary>
/// <param name="MaxRetries">on-failure's limit; null means no limit.</param>
public sealed record RestartSettings(RestartKind Kind, int? MaxRetries, BackoffSettings Backoff, bool RestartUnhealthy)
{
    /// <summary>
    /// The service's settings. Backoff comes from `x-composer.restart` first (checked at load), then
    /// `deploy.restart_policy` (delay is the initial delay, window the reset-after), then Docker's defaults.
    /// </summary>
    public static RestartSettings For(ServiceConfig service)
    {
        var declared = RestartPolicies.Declared(service);
        var deploy = service.Deploy?.RestartPolicy;
        var custom = service.Composer.Restart;
        var defaults = BackoffSettings.Default;
        var backoff = new BackoffSettings(
            custom?.Delay ?? deploy?.Delay ?? defaults.Initial,
            custom?.Factor ?? defaults.Factor,
            custom?.MaxDelay ?? defaults.Max,
            custom?.ResetAfter ?? deploy?.Window ?? defaults.ResetAfter,
            custom?.Jitter ?? defaults.Jitter);
        return new RestartSettings(declared.Kind, declared.MaxRetries is > 0 ? declared.MaxRetries : null, backoff, service.Composer.RestartUnhealthy);
    }
}

/// <summary>An `x-composer` setting that cannot be honoured; the message gives its file:line:col and key.</summary>
public sealed class SupervisionConfigException(string message) : Exception(message);
