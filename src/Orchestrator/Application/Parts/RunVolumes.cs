using Composer.Model;
using Composer.Model.Loading;

namespace Composer.Orchestrator.Application;

/// <summary>`run -v` and `run -l` values, checked and named by their flag.</summary>
internal static class RunVolumes
{
    /// <summary>Short-syntax volumes; a relative or ~ bind source is taken from the project directory, as in the compose file.</summary>
    public static IEnumerable<ServiceVolume> Parse(Project project, string[] specs) => specs.Select(spec =>
    {
        if (!Syntax.TryParseVolume(spec, out var volume, out var error)) throw new UsageException($"--volume: {error}");
        if (volume.Type != VolumeType.Bind || volume.Source is null) return volume;
        // The loader's own rule for a bind source, so `-v` and the file resolve alike.
        return volume with { Source = Syntax.ResolvePath(volume.Source, project.WorkingDirectory, Environment.GetEnvironmentVariable("HOME")) };
    });

    public static Dictionary<string, string> Labels(string[] values) => values.Select(value =>
    {
        var parts = value.Split('=', 2);
        if (parts[0].Length == 0) throw new UsageException($"--label: expected KEY=VALUE, got '{value}'");
        return (Key: parts[0], Value: parts.Length > 1 ? parts[1] : "");
    }).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
}
