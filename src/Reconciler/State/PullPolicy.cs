using Composer.Model.Loading;

namespace Composer.Reconciler.State;

public enum PullMode
{
    /// <summary>Pull only when the image is not on the engine (missing, if_not_present, and no policy at all).</summary>
    Missing,
    Always,
    Never,
    /// <summary>Never pulled: built (every `up`, when the service has a build section).</summary>
    Build,
    /// <summary>daily, weekly, every_&lt;duration&gt;: pulled when missing or older than <see cref="PullPolicy.Interval"/>.</summary>
    Refresh,
}

/// <summary>A service's `pull_policy`, or the `--pull` of up/create/run, which replaces it for every service.</summary>
public sealed record PullPolicy(PullMode Mode, TimeSpan Interval = default)
{
    public static PullPolicy Missing { get; } = new(PullMode.Missing);

    /// <summary>The values `--pull` takes on up, create and run (docker compose refuses the refresh windows there).</summary>
    public static readonly string[] FlagValues = ["always", "missing", "never", "build", "if_not_present"];

    /// <summary>
    /// A service's policy with its `pull_refresh_after`: "refresh" with a window pulls like every_&lt;window&gt;
    /// (the spec's meaning; the loader accepts the window only with refresh). Bare "refresh" means missing, as in compose-go.
    /// </summary>
    public static PullPolicy Of(Model.ServiceConfig service) =>
        service.PullPolicy == "refresh" && service.PullRefreshAfter is { } after && Units.TryParseRefreshWindow(after, out var window)
            ? new(PullMode.Refresh, window)
            : Parse(service.PullPolicy);

    /// <summary>The loader has already refused what is not a policy; bare "refresh" is not in the spec and means missing, as in compose-go.</summary>
    public static PullPolicy Parse(string? value) => value switch
    {
        null or "" or "missing" or "if_not_present" or "refresh" => Missing,
        "always" => new(PullMode.Always),
        "never" => new(PullMode.Never),
        "build" => new(PullMode.Build),
        "daily" => new(PullMode.Refresh, TimeSpan.FromDays(1)),
        "weekly" => new(PullMode.Refresh, TimeSpan.FromDays(7)),
        _ when value.StartsWith("every_", StringComparison.Ordinal) && Units.TryParseRefreshWindow(value["every_".Length..], out var every)
            => new(PullMode.Refresh, every),
        _ => throw new FormatException($"invalid pull policy '{value}': use always, never, missing, build, daily, weekly or every_<duration>"),
    };

    /// <summary>Whether an image needs a pull before `up` uses it.</summary>
    /// <param name="refreshed">When the local image was last refreshed (<see cref="ObservedState.ImageRefreshed"/>); null when missing or unknown.</param>
    public bool Wants(bool present, DateTimeOffset? refreshed, DateTimeOffset now) => Mode switch
    {
        PullMode.Always => true,
        PullMode.Never or PullMode.Build => false,
        PullMode.Refresh => !present || refreshed is null || refreshed.Value + Interval <= now,
        _ => !present,
    };

    /// <summary>
    /// The `pull` verb's decision, which differs from `up`'s on purpose (as in docker compose): it
    /// was asked for, so a service with no policy is pulled, a refresh window counts as due, and
    /// a present image under "missing" is refreshed when its tag is latest (the tag is meant to move).
    /// </summary>
    /// <returns>Null to pull; else why the image is skipped.</returns>
    public static string? SkipOnPullVerb(PullPolicy? policy, string image, bool present) => policy?.Mode switch
    {
        null or PullMode.Always or PullMode.Refresh => null,
        PullMode.Never or PullMode.Build => $"pull_policy is {(policy.Mode == PullMode.Never ? "never" : "build")}",
        _ => !present || IsLatest(image) ? null : "Image is already present locally",
    };

    /// <summary>"app", "app:latest", "host:5000/app": no tag (or latest) after the last slash; a digest is never latest.</summary>
    internal static bool IsLatest(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal)) return false;
        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || name[(colon + 1)..] == "latest";
    }
}

public static class BackgroundConvergence
{
    /// <summary>
    /// What the agent's passes and scheduled job runs fetch: only what is missing. Pull policies
    /// always, build and the refresh windows speak of `up`, which a person runs; applied on every
    /// background pass they would contact the registry (or rebuild) each time, and a new image
    /// found there would recreate running containers nobody asked to change. never still holds.
    /// </summary>
    public static DesiredState FetchingOnlyWhatIsMissing(this DesiredState desired) => desired with
    {
        Services = [.. desired.Services.Select(s => s.PullPolicy.Mode == PullMode.Never ? s : s with { Pull = PullPolicy.Missing })],
    };
}
