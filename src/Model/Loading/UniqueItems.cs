using Composer.Model.Yaml;

namespace Composer.Model.Loading;

/// <summary>
/// The schema's uniqueItems: two items are the same when their <see cref="SchemaValidator.Canonical"/> texts are.
/// Building those texts for every long-form port or volume of every service cost megabytes per load, so they
/// are built only for items whose canonical texts have the same length (computed without building them), and a
/// short list is compared pairwise instead of through a hash set.
/// </summary>
internal static class UniqueItems
{
    private const int Pairwise = 16;

    /// <summary>Indexes of the items equal to an earlier one, in order; null when there are none.</summary>
    public static List<int>? Duplicates(SequenceNode seq)
    {
        var items = seq.Items;
        List<int>? found = null;
        if (items.Length > Pairwise)
        {
            // Long lists (a service's many labels or aliases) keep the hash set.
            var scalars = items.All(item => item is ScalarNode);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < items.Length; i++)
                if (!seen.Add(scalars ? ((ScalarNode)items[i]).Value : SchemaValidator.Canonical(items[i]))) (found ??= []).Add(i);
            return found;
        }
        Span<int> lengths = stackalloc int[items.Length];
        for (var i = 0; i < items.Length; i++) lengths[i] = CanonicalLength(items[i]);
        string?[]? texts = null;
        for (var i = 1; i < items.Length; i++)
            for (var j = 0; j < i; j++)
            {
                if (lengths[i] != lengths[j]) continue;
                if (items[i] is ScalarNode a && items[j] is ScalarNode b ? a.Value == b.Value : Text(j) == Text(i))
                {
                    (found ??= []).Add(i);
                    break;
                }
            }
        return found;

        string Text(int i) => (texts ??= new string?[items.Length])[i] ??= SchemaValidator.Canonical(items[i]);
    }

    /// <summary>The length of <see cref="SchemaValidator.Canonical"/>'s text for <paramref name="n"/>, without building it.</summary>
    private static int CanonicalLength(Node n)
    {
        switch (n)
        {
            case ScalarNode s: return 2 + s.Value.Length;
            case SequenceNode q:
            {
                var length = 2 + Math.Max(0, q.Items.Length - 1);
                foreach (var item in q.Items) length += CanonicalLength(item);
                return length;
            }
            case MappingNode m:
            {
                var length = 2 + Math.Max(0, m.Entries.Length - 1);
                foreach (var e in m.Entries) length += e.Name.Length + 1 + CanonicalLength(e.Value);
                return length;
            }
            default: return 0;
        }
    }
}
