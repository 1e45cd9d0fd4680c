using System.Globalization;
using Composer.Model;
using Composer.Model.Loading;
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
    /// Reads the service's settings. Backoff comes from `x-composer.restart` first, then
    /// `deploy.restart_policy` (delay is the initial delay, window the reset-after), then Docker's defaults.
    /// </summary>
    /// <exception cref="SupervisionConfigException">An `x-composer` value that cannot be read.</exception>
    public static RestartSettings For(ServiceConfig service)
    {
        var declared = RestartPolicies.Declared(service);
        var deploy = service.Deploy?.RestartPolicy;
        var custom = service.Composer?.Get("restart");
        var defaults = BackoffSettings.Default;
        var backoff = new BackoffSettings(
            Duration(service, custom, "delay") ?? deploy?.Delay ?? defaults.Initial,
            Number(service, custom, "factor", min: 1) ?? defaults.Factor,
            Duration(service, custom, "max_delay") ?? defaults.Max,
            Duration(service, custom, "reset_after") ?? deploy?.Window ?? defaults.ResetAfter,
            Number(service, custom, "jitter", min: 0, max: 1) ?? defaults.Jitter);
        var unhealthy = service.Composer?.Get("restart_unhealthy") is { } flag
            ? service.Composer.GetBool("restart_unhealthy") ?? throw Invalid(service, "restart_unhealthy", flag.Scalar, "true or false")
            : false;
        return new RestartSettings(declared.Kind, declared.MaxRetries is > 0 ? declared.MaxRetries : null, backoff, unhealthy);
    }

    private static TimeSpan? Duration(ServiceConfig service, RawValue? block, string key)
    {
        if (block?.GetString(key) is not { } text) return null;
        return Units.TryParseDuration(text, out var value) ? value : throw Invalid(service, "restart." + key, text, "a duration such as 100ms, 5s or 1m");
    }

    private static double? Number(ServiceConfig service, RawValue? block, string key, double min, double max = double.MaxValue)
    {
        if (block?.GetString(key) is not { } text) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Invalid(service, "restart." + key, text, max == double.MaxValue ? $"a number >= {min}" : $"a number from {min} to {max}");
    }

    private static SupervisionConfigException Invalid(ServiceConfig service, string key, string? value, string expected) =>
        new($"service '{service.Name}': x-composer.{key}: '{value}' is not {expected}");
}

/// <summary>An `x-composer` setting that cannot be honoured; the message names service and key.</summary>
public sealed class SupervisionConfigException(string message) : Exception(message);
