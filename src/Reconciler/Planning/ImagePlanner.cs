using Composer.Reconciler.State;

namespace Composer.Reconciler.Planning;

/// <summary>
/// Plans builds and pulls. This runs before the container plan: containers are planned against
/// the image ids that exist after building, so a rebuild that changes nothing recreates nothing,
/// and a failed build never touches running services.
/// </summary>
public static class ImagePlanner
{
    public static Plan Plan(DesiredState desired, ObservedState observed, BuildPolicy policy)
    {
        var plan = new PlanBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in desired.Services)
        {
            if (!seen.Add(service.Image)) continue;
            var present = observed.ImageIds.ContainsKey(service.Image);
            if (service.Source == ImageSource.Build && policy != BuildPolicy.Never && (policy == BuildPolicy.Always || !present))
            {
                plan.Add(OperationKind.BuildImage, service.Image, present ? "--build" : "image missing", [],
                    o => o with { Service = service.Name });
            }
            else if (!present && !service.PullNever)
            {
                plan.Add(OperationKind.PullImage, service.Image, "image missing", [], o => o with { Service = service.Name });
            }
        }
        return plan.Build();
    }
}
