using Composer.Reconciler.State;

namespace Composer.Reconciler.Planning;

/// <summary>
/// Plans builds and pulls. This runs before the container plan: containers are planned against
/// the image ids that exist after building, so a rebuild that changes nothing recreates nothing,
/// and a failed build never touches running services.
/// </summary>
public static class ImagePlanner
{
    /// <param name="now">The clock pull_policy daily/weekly/every_N measures an image's age against.</param>
    public static Plan Plan(DesiredState desired, ObservedState observed, BuildPolicy policy, DateTimeOffset? now = null)
    {
        var plan = new PlanBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in desired.Services)
        {
            if (!seen.Add(service.Image)) continue;
            var present = observed.ImageIds.ContainsKey(service.Image);
            var pull = service.PullPolicy;
            // pull_policy: build rebuilds on every up, as --build does (docker compose sets that very policy for --build).
            var rebuild = policy == BuildPolicy.Always || pull.Mode == PullMode.Build;
            if (service.Source == ImageSource.Build && policy != BuildPolicy.Never && (rebuild || !present))
            {
                plan.Add(OperationKind.BuildImage, service.Image, present ? (policy == BuildPolicy.Always ? "--build" : "pull_policy: build") : "image missing", [],
                    o => o with { Service = service.Name });
            }
            else if (service.Source == ImageSource.Build)
            {
                // Buildable images are built, not pulled: a registry copy may not exist for them.
                continue;
            }
            else if (pull.Wants(present, observed.ImageRefreshed?.GetValueOrDefault(service.Image), now ?? DateTimeOffset.UtcNow))
            {
                plan.Add(OperationKind.PullImage, service.Image, PullReason(present, pull), [], o => o with { Service = service.Name });
            }
            else if (!present && pull.Mode is PullMode.Never or PullMode.Build)
            {
                throw new ImageUnavailableException(
                    $"service {service.Name}: image {service.Image} is not on the engine and its pull policy is {(pull.Mode == PullMode.Never ? "never" : "build (with nothing to build)")}: " +
                    $"pull it first (composer pull --policy always {service.Name}) or use another pull policy");
            }
        }
        return plan.Build();
    }

    private static string PullReason(bool present, PullPolicy pull) =>
        !present ? "image missing"
        : pull.Mode == PullMode.Always ? "pull_policy: always"
        : $"older than its pull_policy window ({pull.Interval})";
}

/// <summary>An image `up` needs, which the pull policy forbids fetching: nothing was changed.</summary>
public sealed class ImageUnavailableException(string message) : Exception(message);
