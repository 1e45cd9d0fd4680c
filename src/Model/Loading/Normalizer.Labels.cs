using System.Collections.Immutable;
using Composer.Model.Yaml;

namespace Composer.Model.Loading;

internal sealed partial class Normalizer
{
    /// <summary>
    /// Reads a `label_file` (dotenv syntax) given the labels read so far, which are all its `${VAR}`s
    /// may refer to, as in compose-go. Null: label files cannot be read here (every file is "not found").
    /// </summary>
    public Func<string, IReadOnlyDictionary<string, string>, List<KeyValuePair<string, string?>>>? ParseLabelFile { get; init; }

    /// <summary>
    /// A service's labels as compose-go resolves them: each `label_file` in order (a later file overrides an
    /// earlier one), then `labels`, which override them all. A missing label file is an error at its entry.
    /// </summary>
    private ImmutableSortedDictionary<string, string> ServiceLabels(MappingNode m, string path)
    {
        var inline = Dict(m, "labels");
        if (m["label_file"] is not SequenceNode files) return inline;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Items.Length; i++)
        {
            if (files.Items[i] is not ScalarNode { IsNull: false } file) continue;
            if (ParseLabelFile is null || !exists(onDisk(file.Value)))
            {
                Error(file, N.Index(path + ".label_file", i), $"label file {file.Value} {InputFiles.WhyMissing(onDisk(file.Value))}");
                continue;
            }
            foreach (var (key, value) in ParseLabelFile(onDisk(file.Value), labels)) labels[key] = value ?? "";
        }
        return labels.Count == 0 ? inline : inline.SetItems(labels.Where(l => !inline.ContainsKey(l.Key)));
    }
}
