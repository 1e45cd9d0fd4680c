using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>
/// The rules <see cref="Unrunnable"/> applies, each a key with why composer will not run it. Two kinds:
/// features composer does not drive at all (model runner, provider plugins, Windows credentials), and
/// fields newer than engine API 1.41, which the engine would silently ignore if sent.
/// </summary>
internal static class UnrunnableRules
{
    private static string Api => Engine.EngineClient.MaxApiVersion;

    /// <summary>`models` expects Docker Model Runner to serve them and hand the service their endpoints.</summary>
    public static IEnumerable<string> Models(Project project, IReadOnlyList<ServiceConfig> services) =>
        services.Where(s => !s.Models.IsEmpty).Select(s =>
            $"service '{s.Name}' uses models ({string.Join(", ", s.Models.Keys)}): running models needs Docker Model Runner, which composer does not support; "
            + "use docker compose for this project, or remove `models` from the service");

    /// <summary>HostConfig.Annotations: engines drop the field below API 1.43.</summary>
    public static IEnumerable<string> Annotations(Project project, IReadOnlyList<ServiceConfig> services) =>
        services.Where(s => !s.Annotations.IsEmpty).Select(s =>
            $"service '{s.Name}': `annotations` need engine API 1.43 (HostConfig.Annotations); composer speaks API {Api}, where the engine would drop them silently. "
            + "Remove `annotations` from the service, or use labels");

    /// <summary>A `provider:` service is set up by an external plugin binary, which composer does not run.</summary>
    public static IEnumerable<string> Provider(Project project, IReadOnlyList<ServiceConfig> services) =>
        services.Where(s => s.Provider is not null).Select(s =>
            $"{Unrunnable.At(s.Provider!.DeclaredAt)}service '{s.Name}' is managed by provider '{s.Provider.Type}', a plugin composer cannot run; "
            + "use docker compose for this project, or replace the service with an image or build");

    /// <summary>
    /// A Windows gMSA identity, meaningless on the Linux engines composer drives; docker compose drops it without a
    /// word, so the service would run without the identity it was written to have.
    /// </summary>
    public static IEnumerable<string> CredentialSpec(Project project, IReadOnlyList<ServiceConfig> services) =>
        services.Where(s => s.CredentialSpec is not null).Select(s =>
            $"{Unrunnable.At(s.CredentialSpec!.DeclaredAt)}service '{s.Name}': credential_spec sets Windows gMSA credentials, "
            + "which Linux containers cannot use; composer runs Linux containers. Remove it, or keep it in an override file used only on Windows hosts");

    /// <summary>EndpointSettings.GwPriority (API 1.48). A priority of 0 is the default and changes nothing.</summary>
    public static IEnumerable<string> GatewayPriority(Project project, IReadOnlyList<ServiceConfig> services) =>
        services.SelectMany(s => s.Networks.Where(n => n.Value.GwPriority is not (null or 0)).Select(n =>
            $"{Unrunnable.At(n.Value.GwPriorityAt)}service '{s.Name}': networks.{n.Key}.gw_priority needs engine API 1.48 (EndpointSettings.GwPriority); "
            + $"composer speaks API {Api}, where the engine would ignore it and pick the gateway itself. Remove it"));

    /// <summary>
    /// A network's EnableIPv4 (API 1.47): the engine would give the network IPv4 anyway. `enable_ipv4: true` is the
    /// default; an external network is not composer's to create.
    /// </summary>
    public static IEnumerable<string> Ipv4Off(Project project, IReadOnlyList<ServiceConfig> services) =>
        services.SelectMany(s => s.Networks.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(key => project.Networks.GetValueOrDefault(key))
            .Where(n => n is { EnableIpv4: false, External: false })
            .Select(n => $"{Unrunnable.At(n!.EnableIpv4At)}network '{n.Key}': enable_ipv4: false needs engine API 1.47 (EnableIPv4); "
                + $"composer speaks API {Api}, where the engine would ignore it and give the network IPv4. Remove it, or create the network outside composer and declare it external");

    /// <summary>`type: image` (Mount.ImageOptions, API 1.47) and a non-recursive bind (Mount.BindOptions, API 1.44).</summary>
    public static IEnumerable<string> Mounts(Project project, IReadOnlyList<ServiceConfig> services) =>
        services.SelectMany(s => s.Volumes.Select(v => MountProblem(v) is { } why ? $"{Unrunnable.At(v.DeclaredAt)}service '{s.Name}': volume {v.Target}: {why}" : null))
            .OfType<string>();

    private static string? MountProblem(ServiceVolume volume) => volume switch
    {
        { Type: VolumeType.Image } =>
            $"an image mount needs engine API 1.47 (Mount.ImageOptions); composer speaks API {Api}. Copy the files in a build stage, or use a volume",
        { Bind.Recursive: { } recursive } when recursive != "enabled" =>
            $"bind.recursive: {recursive} needs engine API 1.44 (Mount.BindOptions); composer speaks API {Api}, where binds are always recursive",
        _ => null,
    };
}
