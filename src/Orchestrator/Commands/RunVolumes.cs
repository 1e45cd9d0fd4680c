using Composer.Model;
using Composer.Model.Loading;
using Composer.Orchestrator.Cli;

namespace Composer.Orchestrator.Commands;

/// <summary>`run -v` and `run -l` values, checked and named by their flag.</summary>
internal static class RunVolumes
{
    /// <summary>Short-syntax volumes; a relative or ~ bind source is taken from the project directory, as in the compose file.</summary>
    public static IEnumerable<ServiceVolume> Parse(Project project, string[] specs) => specs.Select(spec =>
    {
        if (!Syntax.TryParseVolume(spec, out var volume, out var error)) throw new UsageException($"--volume: {error}");
        if (volume.Type != VolumeType.Bind || volume.Source is null || Path.IsPathRooted(volume.Source)) return volume;
        var source = volume.Source.StartsWith('~')
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + volume.Source[1..]
            : Path.Combine(project.WorkingDirectory, volume.Source);
        return volume with { Source = Path.GetFullPath(source) };
    });

    public static Dictionary<string, string> Labels(string[] values) => values.Select(value =>
    {
        var parts = value.Split('=', 2);
        if (parts[0].Length == 0) throw new UsageException($"--label: expected KEY=VALUE, got '{value}'");
        return (Key: parts[0], Value: parts.Length > 1 ? parts[1] : "");
    }).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
}
