using Composer.Model;

namespace Composer.Reconciler.State;

/// <summary>
/// Mounts Engine API 1.41 cannot carry: `type: image` (Mount.ImageOptions, API 1.47) and a bind's `recursive`
/// other than `enabled` (Mount.BindOptions.ReadOnlyNonRecursive and friends, API 1.44). Sent anyway, the engine
/// would refuse the type or mount recursively all the same; the verbs that create containers refuse them at
/// their position instead, and `config` prints them.
/// </summary>
public static class MountRefusal
{
    public static void Refuse(Project project, DesiredState desired)
    {
        var lines = desired.Services.Select(s => project.Services[s.Name]).OrderBy(s => s.Name, StringComparer.Ordinal)
            .SelectMany(s => s.Volumes.Select(v => Why(v) is { } why ? $"{ProviderRefusal.Where(v.DeclaredAt)}service '{s.Name}': volume {v.Target}: {why}" : null))
            .OfType<string>().ToList();
        if (lines.Count > 0) throw new MountUnsupportedException(string.Join("\n", lines));
    }

    private static string? Why(ServiceVolume volume) => volume switch
    {
        { Type: VolumeType.Image } =>
            $"an image mount needs engine API 1.47 (Mount.ImageOptions); composer speaks API {Engine.EngineClient.MaxApiVersion}. Copy the files in a build stage, or use a volume",
        { Bind.Recursive: { } recursive } when recursive != "enabled" =>
            $"bind.recursive: {recursive} needs engine API 1.44 (Mount.BindOptions); composer speaks API {Engine.EngineClient.MaxApiVersion}, where binds are always recursive",
        _ => null,
    };
}

/// <summary>A service mounts something the engine API composer uses cannot carry.</summary>
public sealed class MountUnsupportedException(string message) : Exception(message);
