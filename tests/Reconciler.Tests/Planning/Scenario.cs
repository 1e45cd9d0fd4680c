using Composer.Model;
using System.Collections.Immutable;
using Composer.Reconciler.State;

namespace Composer.Reconciler.Tests.Planning;

/// <summary>Small builders so each planner test states its desired/observed pair in a few lines.</summary>
internal static class Scenario
{
    public const string Project = "demo";

    public static DesiredService Service(string name, string hash = "h1", int replicas = 1,
        ImageSource source = ImageSource.Pull, string? image = null, string? containerName = null,
        params DesiredDependency[] dependsOn) =>
        new(name, hash, replicas, image ?? $"{name}:latest", source, [.. dependsOn], ["demo_default"], [], containerName);

    public static DesiredDependency On(string service, DependencyCondition condition = DependencyCondition.ServiceStarted, bool hard = false) =>
        new(service, condition, hard);

    public static DesiredState Desired(params DesiredService[] services) => new(
        Project, [.. services], ["demo_default"], [],
        services.Select(s => s.Name).ToImmutableHashSet());

    public static ObservedContainer Running(string service, int number = 1, string hash = "h1", string imageId = "sha256:img") =>
        new($"id-{service}-{number}", $"{Project}-{service}-{number}", service, number, false, hash, imageId, ContainerStatus.Running);

    public static ObservedContainer Exited(string service, int number = 1, string hash = "h1") =>
        Running(service, number, hash) with { Status = ContainerStatus.Exited };

    public static ObservedState Observed(params ObservedContainer[] containers) => Observed(containers, ["demo_default"]);

    public static ObservedState Observed(IEnumerable<ObservedContainer> containers, IEnumerable<string> networks,
        IEnumerable<string>? volumes = null, IDictionary<string, string>? images = null) => new(
        [.. containers], [.. networks], [.. volumes ?? []],
        (images ?? new Dictionary<string, string>()).ToImmutableDictionary());
}
